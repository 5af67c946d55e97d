package org.smalltolarge.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code study run|status|report}: the user's commands (the {@code study} launcher calls this with the stack
 * and corpus already ensured). Exit codes: 0 done, 1 failed (a run failed, a service error), 2 invalid study
 * or usage, 130 stopped following (Ctrl-C).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            return usage(err);
        }
        Settings settings = Settings.fromEnvironment();
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "check" -> rest.length == 1 ? new RunCommand(settings, out, err).check(Path.of(rest[0])) : usage(err);
                case "run" -> rest.length == 1 ? new RunCommand(settings, out, err).run(Path.of(rest[0])) : usage(err);
                case "follow" -> rest.length == 1 ? new RunCommand(settings, out, err).follow(rest[0], null) : usage(err);
                case "status" -> rest.length == 1 ? new StatusCommand(settings, out, err).run(rest[0]) : usage(err);
                case "report" -> rest.length == 1 ? new ReportCommand(settings, out, err).run(rest[0]) : usage(err);
                case "attribute" -> rest.length == 1 ? new AttributeCommand(settings, out, err).run(Path.of(rest[0]))
                        : usage(err);
                case "attribution" -> rest.length == 1 ? new AttributeCommand(settings, out, err).follow(rest[0])
                        : usage(err);
                case "select" -> rest.length == 1 ? new SelectCommand(settings, out, err).run(Path.of(rest[0]))
                        : usage(err);
                case "selection" -> rest.length == 1 ? new SelectCommand(settings, out, err).follow(rest[0])
                        : usage(err);
                default -> usage(err);
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private static int usage(PrintStream err) {
        err.println("usage: study-cli check SPEC.yaml | run SPEC.yaml | follow STUDY_ID | status STUDY_ID | report STUDY_ID"
                + " | attribute ATTRIBUTION.yaml | attribution ATTRIBUTION_ID | select SELECTION.yaml"
                + " | selection SELECTION_ID");
        return 2;
    }

    /** Where the stack is and where files go; the defaults are the embedded stack's. */
    record Settings(Path root, String kafka, String trainerUrl, String evaluatorUrl, String attributionUrl,
                    String selectorUrl, boolean terminal) {
        static Settings fromEnvironment() {
            String root = System.getProperty("s2l.root", System.getProperty("user.dir"));
            return new Settings(Path.of(root).toAbsolutePath(),
                    env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                    env("S2L_TRAINER_URL", "http://127.0.0.1:8081"),
                    env("S2L_EVALUATOR_URL", "http://127.0.0.1:8082"),
                    env("S2L_ATTRIBUTION_URL", "http://127.0.0.1:8083"),
                    env("S2L_SELECTOR_URL", "http://127.0.0.1:8084"),
                    "1".equals(System.getenv("S2L_TTY")) || System.console() != null);
        }

        private static String env(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value;
        }

        /** {@code .state/reports/<id>.html}, under S2L_STATE_DIR when that is set (as bin/stack uses it). */
        Path reportFile(String studyId) {
            String stateDir = System.getenv("S2L_STATE_DIR");
            Path state = stateDir == null || stateDir.isBlank() ? root.resolve(".state") : Path.of(stateDir);
            return state.resolve("reports").resolve(studyId + ".html");
        }

        Services services() {
            return new Services(trainerUrl, evaluatorUrl, attributionUrl, selectorUrl);
        }
    }
}
