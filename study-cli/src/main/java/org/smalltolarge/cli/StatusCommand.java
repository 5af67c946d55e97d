package org.smalltolarge.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.smalltolarge.contracts.events.TrainingProgress;

/** {@code status ID}: the study's runs as the trainer has them stored (status and progress of each). */
final class StatusCommand {
    private final Main.Settings settings;
    private final PrintStream out;
    private final PrintStream err;

    StatusCommand(Main.Settings settings, PrintStream out, PrintStream err) {
        this.settings = settings;
        this.out = out;
        this.err = err;
    }

    int run(String studyId) throws InterruptedException {
        List<RunSummary> runs;
        try {
            runs = settings.services().runs(studyId);
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        render(studyId, runs).lines().forEach(out::println);
        return 0;
    }

    static String render(String studyId, List<RunSummary> runs) {
        StringBuilder text = new StringBuilder();
        Map<String, Integer> byStatus = new TreeMap<>();
        text.append(String.format(Locale.ROOT, "%-30s %-14s %-10s %4s %-9s %-9s %s%n", "run", "distribution",
                "scale", "seed", "role", "status", "progress"));
        for (RunSummary run : runs) {
            String status = run.status() == null ? "?" : run.status();
            byStatus.merge(status, 1, Integer::sum);
            TrainingProgress p = run.progress();
            String progress = "completed".equals(status) ? "100%"
                    : "failed".equals(status) ? (run.failure() == null ? "" : run.failure())
                    : p == null ? ""
                    : String.format(Locale.ROOT, "%.1f%% (%d/%d tokens, %s tok/s, ETA %s)", p.percent(), p.tokens(),
                            p.totalTokens(), ProgressView.rate(p.tokensPerSecond()), ProgressView.eta(p.etaSeconds()));
            text.append(String.format(Locale.ROOT, "%-30s %-14s %-10s %4d %-9s %-9s %s%n", orUnknown(run.id()),
                    orUnknown(run.distribution()), orUnknown(run.scale()), run.seed(), orUnknown(run.role()), status,
                    progress));
        }
        text.append(studyId).append(": ").append(runs.size()).append(" runs");
        byStatus.forEach((status, n) -> text.append(", ").append(n).append(' ').append(status));
        return text.append(System.lineSeparator()).toString();
    }

    private static String orUnknown(String value) {
        return value == null ? "?" : value;
    }
}
