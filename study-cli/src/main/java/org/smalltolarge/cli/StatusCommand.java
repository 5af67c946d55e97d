package org.smalltolarge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

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
        JsonNode runs;
        try {
            runs = settings.services().runs(studyId);
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        render(studyId, runs).lines().forEach(out::println);
        return 0;
    }

    static String render(String studyId, JsonNode runs) {
        StringBuilder text = new StringBuilder();
        Map<String, Integer> byStatus = new TreeMap<>();
        text.append(String.format(Locale.ROOT, "%-30s %-14s %-10s %4s %-9s %-9s %s%n", "run", "distribution",
                "scale", "seed", "role", "status", "progress"));
        for (JsonNode run : runs) {
            String status = run.path("status").asText("?");
            byStatus.merge(status, 1, Integer::sum);
            JsonNode p = run.path("progress");
            String progress = p.isObject() && !"completed".equals(status)
                    ? String.format(Locale.ROOT, "%.1f%% (%d/%d tokens, %s tok/s, ETA %s)", p.path("percent").asDouble(),
                            p.path("tokens").asLong(), p.path("total_tokens").asLong(),
                            ProgressView.rate(p.path("tokens_per_second").asDouble()),
                            ProgressView.eta(p.path("eta_seconds").isNumber() ? p.path("eta_seconds").asDouble() : null))
                    : "completed".equals(status) ? "100%" : "";
            if ("failed".equals(status)) {
                progress = run.path("failure").asText("");
            }
            text.append(String.format(Locale.ROOT, "%-30s %-14s %-10s %4d %-9s %-9s %s%n", run.path("id").asText("?"),
                    run.path("distribution").asText("?"), run.path("scale").asText("?"), run.path("seed").asLong(),
                    run.path("role").asText("?"), status, progress));
        }
        text.append(studyId).append(": ").append(runs.size()).append(" runs");
        byStatus.forEach((status, n) -> text.append(", ").append(n).append(' ').append(status));
        return text.append(System.lineSeparator()).toString();
    }
}
