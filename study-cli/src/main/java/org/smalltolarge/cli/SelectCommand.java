package org.smalltolarge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.smalltolarge.contracts.EventType;

/**
 * {@code study select FILE}: submits a selection document (YAML or JSON, the fields of selection.requested.v1;
 * the selector fills the optional ones) and follows it to its results table; {@code study selection ID} follows
 * or shows one submitted another way. Exit codes: 0 completed, 1 failed, 2 invalid or rejected.
 */
final class SelectCommand {
    private final Main.Settings settings;
    private final PrintStream out;
    private final PrintStream err;
    private final Services services;

    SelectCommand(Main.Settings settings, PrintStream out, PrintStream err) {
        this.settings = settings;
        this.out = out;
        this.err = err;
        this.services = settings.services();
    }

    int run(Path file) throws InterruptedException {
        String id;
        try {
            id = services.submitSelection(Files.readString(file, StandardCharsets.UTF_8));
        } catch (Services.ServiceException e) {
            err.println(file + ": " + e.getMessage());
            return e.getMessage().contains("HTTP 400") ? 2 : 1;
        } catch (IOException e) {
            err.println(file + ": " + e.getMessage());
            return 2;
        }
        out.println("submitted selection " + id + "; DsDm's scores come from attribution " + id
                + "-dsdm, the selections train as study " + id + "-train (./study status " + id + "-train)");
        return follow(id);
    }

    /** Follows the selection until it completes, fails or is rejected, printing each change of its state. */
    int follow(String id) throws InterruptedException {
        return new RequestFollower("selection", settings.kafka(), EventType.SELECTION_REJECTED, out, err).follow(id,
                services::selection, view -> String.format("%s: %s (step %s), %d selections made%s", id,
                        view.path("status").asText(), view.path("step").asText(), view.path("selections").size(),
                        view.path("progress").isTextual() ? ", " + view.get("progress").asText() : ""),
                view -> printResults(view.path("results")));
    }

    private void printResults(JsonNode results) {
        out.println();
        out.println(String.format("reference trained on each selection, measured on %d holdout items of %s",
                results.path("holdout_items").asInt(), results.path("suite").asText()));
        out.println(String.format("%-22s %-11s %-8s %5s %13s %9s  %-28s", "selection", "method", "proxy", "docs",
                "holdout loss", "accuracy", "gain over random [95% CI]"));
        for (JsonNode s : results.path("selections")) {
            JsonNode gain = s.path("gain");
            out.println(String.format(Locale.ROOT, "%-22s %-11s %-8s %5d %13.4f %9s  %-28s",
                    s.path("selection").asText(), s.path("method").asText(),
                    s.path("proxy_scale").isTextual() ? s.path("proxy_scale").asText() : "-",
                    s.path("documents").asInt(), s.path("holdout_loss").asDouble(),
                    s.path("holdout_accuracy").isNumber()
                            ? String.format(Locale.ROOT, "%.3f", s.path("holdout_accuracy").asDouble()) : "-",
                    gain.isObject() ? String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f]", gain.path("mean").asDouble(),
                            gain.path("low").asDouble(), gain.path("high").asDouble()) : "(baseline)"));
        }
        if (results.path("overlaps").size() > 0) {
            out.println();
            out.println("overlap (Jaccard) of the selections' documents:");
            for (JsonNode o : results.path("overlaps")) {
                out.println(String.format(Locale.ROOT, "  %-22s %-22s %.3f", o.path("a").asText(),
                        o.path("b").asText(), o.path("jaccard").asDouble()));
            }
        }
        out.println();
        out.println("report: " + results.path("report_uri").asText());
    }
}
