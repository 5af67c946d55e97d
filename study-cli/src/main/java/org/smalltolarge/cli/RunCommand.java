package org.smalltolarge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.smalltolarge.contracts.Event;
import org.smalltolarge.contracts.events.StudyAnalyzed;
import org.smalltolarge.contracts.events.StudyRequested;
import org.smalltolarge.spec.SpecLimits;
import org.smalltolarge.spec.StudyPlanner;
import org.smalltolarge.spec.StudySpecs;
import org.smalltolarge.spec.Validation;

/**
 * {@code run SPEC}: validate locally, publish study.requested, then follow the study's events until it is
 * analysed, rejected or cannot complete. Ctrl-C stops following only; the services keep working, and running
 * the same command again resumes (the trainer trains nothing twice; the events are read from the beginning).
 */
final class RunCommand {
    /**
     * Rejections older than our submission belong to an earlier one. The trainer stamps them with its clock,
     * so this allows for a little skew between machines, and no more: a rerun seconds after a refused one
     * must not take that refusal for its own.
     */
    private static final Duration REJECTION_SLACK = Duration.ofMillis(500);
    private static final Duration NO_PLAN_WARNING = Duration.ofSeconds(60);
    /**
     * A resubmitted study is answered only if it is refused (an identical one publishes nothing new), so an
     * ending already in history (complete, failed) waits this long for a rejection of a changed spec.
     */
    private static final Duration REJECTION_WAIT = Duration.ofSeconds(10);

    private final Main.Settings settings;
    private final PrintStream out;
    private final PrintStream err;

    RunCommand(Main.Settings settings, PrintStream out, PrintStream err) {
        this.settings = settings;
        this.out = out;
        this.err = err;
    }

    /** {@code check SPEC}: validation only, so the launcher can refuse a bad study before starting anything. */
    int check(Path specFile) {
        String text = read(specFile);
        Validation validation = text == null ? null : checked(specFile, text);
        if (validation == null) {
            return 2;
        }
        out.println(specFile + ": valid study " + validation.spec().id() + " ("
                + StudyPlanner.plan(validation.spec()).size() + " runs)");
        return 0;
    }

    int run(Path specFile) throws InterruptedException {
        String text = read(specFile);
        Validation validation = text == null ? null : checked(specFile, text);
        if (validation == null) {
            return 2;
        }
        String studyId = validation.spec().id();
        JsonNode tree;
        try {
            tree = StudySpecs.parse(text);
        } catch (Exception e) { // cannot happen: the same text just validated
            err.println("error: " + e.getMessage());
            return 2;
        }
        Instant submittedAt = Instant.now();
        try {
            new StudyBus(settings.kafka()).publish(new StudyRequested(studyId, tree, submittedAt,
                    "study-cli " + System.getProperty("user.name", "?")));
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                    ? e.getCause() : e;
            err.println("error: could not publish the study to Kafka at " + settings.kafka() + ": "
                    + cause.getMessage() + " (is the stack running? ./study status)");
            return 1;
        }
        out.println("submitted study " + studyId + " (" + specFile + ") to " + settings.kafka());
        return follow(studyId, submittedAt.minus(REJECTION_SLACK));
    }

    private String read(Path specFile) {
        try {
            return Files.readString(specFile);
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("error: " + specFile + ": no such file");
            return null;
        } catch (IOException e) {
            err.println("error: cannot read " + specFile + ": " + e.getMessage());
            return null;
        }
    }

    /** The valid validation, or null after printing every field error. */
    private Validation checked(Path specFile, String text) {
        Validation validation = validate(text, knownSources(settings.root()));
        if (validation.valid()) {
            return validation;
        }
        err.println(specFile + ": the study is not valid (" + validation.errors().size() + " error(s)):");
        validation.errors().forEach(e -> err.println("  " + e.path() + ": " + e.reason()));
        return null;
    }

    static Validation validate(String text, Set<String> knownSources) {
        return StudySpecs.validate(text, SpecLimits.defaults(), knownSources);
    }

    /**
     * The data sources of the built corpus (its manifest's domains), or null when there is no manifest, so
     * that source names are then checked by the trainer only.
     */
    static Set<String> knownSources(Path root) {
        Path manifest = root.resolve("data/corpus/manifest.json");
        if (!Files.isRegularFile(manifest)) {
            return null;
        }
        try {
            Set<String> names = new TreeSet<>();
            new ObjectMapper().readTree(manifest.toFile()).path("domains").fieldNames().forEachRemaining(names::add);
            return names.isEmpty() ? null : names;
        } catch (IOException e) {
            return null;
        }
    }

    /** Follows the study's events from the beginning of history; returns the exit code. */
    int follow(String studyId, Instant rejectionsFrom) throws InterruptedException {
        StudyState state = new StudyState(studyId, rejectionsFrom);
        Display display = Display.forOutput(out, settings.terminal(), 30_000);
        CountDownLatch done = new CountDownLatch(1);
        Instant started = Instant.now();
        boolean warnedNoPlan = false;
        try (StudyBus.Follower follower = new StudyBus.Follower(settings.kafka(), studyId)) {
            Thread hook = new Thread(() -> {
                follower.wakeup();
                try {
                    done.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                display.log("following study " + studyId + " (Ctrl-C stops following; the services keep working)");
                while (true) {
                    List<Event> events = follower.poll(Duration.ofSeconds(1));
                    if (Thread.currentThread().isInterrupted() || hookRunning(hook)) {
                        display.close();
                        out.println("stopped following " + studyId + "; the services keep working. Resume with the"
                                + " same ./study run command, or see ./study status " + studyId);
                        return 130;
                    }
                    for (Event event : events) {
                        state.apply(event).forEach(display::log);
                    }
                    display.progress(ProgressView.render(state));
                    if (!warnedNoPlan && state.plan().isEmpty() && state.rejection().isEmpty() && rejectionsFrom != null
                            && Duration.between(started, Instant.now()).compareTo(NO_PLAN_WARNING) > 0) {
                        display.log("no plan from the trainer after " + NO_PLAN_WARNING.toSeconds()
                                + " s; is it running? (./study status)");
                        warnedNoPlan = true;
                    }
                    StudyState.Outcome outcome = state.outcome();
                    boolean answered = rejectionsFrom == null || state.plannedSince(rejectionsFrom)
                            || Duration.between(started, Instant.now()).compareTo(REJECTION_WAIT) > 0;
                    if (outcome == StudyState.Outcome.REJECTED || outcome != StudyState.Outcome.PENDING && answered) {
                        display.close();
                        return finish(state, outcome);
                    }
                }
            } finally {
                done.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is running and lets the JVM exit once we are done
                }
            }
        }
    }

    private static boolean hookRunning(Thread hook) {
        return hook.isAlive();
    }

    private int finish(StudyState state, StudyState.Outcome outcome) throws InterruptedException {
        String id = state.studyId();
        switch (outcome) {
            case REJECTED -> {
                err.println("study " + id + " was rejected by the trainer:");
                state.rejection().orElseThrow().errors().forEach(e -> err.println("  " + e));
                return 2;
            }
            case FAILED -> {
                err.println("study " + id + " cannot complete: " + state.count(StudyState.RunStatus.FAILED)
                        + " run(s) failed:");
                state.runs().stream().filter(r -> r.status() == StudyState.RunStatus.FAILED)
                        .forEach(r -> err.println("  " + r.label() + " (" + r.runId() + "): " + r.failure()));
                return 1;
            }
            default -> {
                out.println();
                Services services = settings.services();
                try {
                    ReportTable.render(services.report(id)).forEach(out::println);
                } catch (IOException e) {
                    err.println("warning: the full report is not available (" + e.getMessage() + ")");
                    StudyAnalyzed analyzed = state.analysis().orElseThrow();
                    ReportTable.render(analyzed).forEach(out::println);
                }
                new ReportCommand(settings, out, err).saveHtml(services, id);
                return 0;
            }
        }
    }
}
