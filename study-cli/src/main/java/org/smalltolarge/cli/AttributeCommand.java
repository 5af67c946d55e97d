package org.smalltolarge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.MalformedEventException;
import org.smalltolarge.contracts.events.AttributionRequested;
import org.smalltolarge.spec.SpecParseException;
import org.smalltolarge.spec.StudySpecs;

/**
 * {@code study attribute FILE}: publishes an attribution request (a YAML or JSON document with the fields of
 * attribution.requested.v1) and follows it to its results table; {@code study attribution ID} follows or shows one
 * submitted another way. Exit codes: 0 completed, 1 failed, 2 invalid or rejected.
 */
final class AttributeCommand {
    private final Main.Settings settings;
    private final PrintStream out;
    private final PrintStream err;
    private final Services services;

    AttributeCommand(Main.Settings settings, PrintStream out, PrintStream err) {
        this.settings = settings;
        this.out = out;
        this.err = err;
        this.services = settings.services();
    }

    int run(Path file) throws InterruptedException {
        AttributionRequested request;
        try {
            JsonNode tree = StudySpecs.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!(tree instanceof ObjectNode document) || !document.path("attribution_id").isTextual()) {
                err.println(file + ": an attribution document is a mapping with an attribution_id");
                return 2;
            }
            document.put("requested_at", Instant.now().toString());
            document.put("requested_by", "study-cli:" + System.getProperty("user.name", "user"));
            request = EventJson.decode(EventType.ATTRIBUTION_REQUESTED, document.toString());
        } catch (IOException | SpecParseException | MalformedEventException e) {
            err.println(file + ": " + e.getMessage());
            return 2;
        }
        try {
            new StudyBus(settings.kafka()).publish(request);
        } catch (Exception e) {
            err.println("could not publish to Kafka at " + settings.kafka() + ": " + e.getMessage());
            return 1;
        }
        out.println("submitted attribution " + request.attributionId() + "; its models train as study "
                + request.attributionId() + "-models (./study status " + request.attributionId() + "-models)");
        return follow(request.attributionId());
    }

    /** Follows the attribution until it completes, fails or is rejected, printing each change of its state. */
    int follow(String id) throws InterruptedException {
        return new RequestFollower("attribution", settings.kafka(), EventType.ATTRIBUTION_REJECTED, out, err).follow(id,
                services::attribution, view -> String.format("%s: %s, models %d/%d%s", id,
                        view.path("status").asText(), view.path("models_trained").asInt(),
                        view.path("models_planned").asInt(),
                        view.path("progress").isTextual() ? ", " + view.get("progress").asText() : ""),
                this::printResults);
    }

    private void printResults(JsonNode view) {
        JsonNode results;
        try {
            results = new com.fasterxml.jackson.databind.ObjectMapper().readTree(view.path("results").asText());
        } catch (IOException e) {
            err.println("unreadable results: " + e.getMessage());
            return;
        }
        out.println();
        out.println(String.format("%-10s %12s %12s  %-28s %5s  %-22s %9s %8s", "scale", "parameters", "FLOPs/model",
                "LDS vs reference [95% CI]", "sig.", "LDS vs own scale", "rho(ref)", "top-1%"));
        for (JsonNode s : results.path("scales")) {
            out.println(String.format(Locale.ROOT, "%-10s %,12d %12.3g  %-28s %4.0f%%  %-22s %9s %8s",
                    s.path("scale").asText(), s.path("parameters").asLong(), s.path("flops_per_model").asDouble(),
                    lds(s.path("lds")), 100 * s.path("lds").path("significant_share").asDouble(Double.NaN),
                    lds(s.path("lds_own_scale")), number(s.path("median_spearman")),
                    number(s.path("mean_top_overlap"))));
        }
        out.println();
        out.println("report: " + results.path("report_uri").asText());
    }

    private static String lds(JsonNode v) {
        if (v.path("mean").isNull() || v.path("mean").isMissingNode()) {
            return "undefined";
        }
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", v.get("mean").asDouble(), v.path("low").asDouble(),
                v.path("high").asDouble());
    }

    private static String number(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.3f", v.asDouble()) : "-";
    }
}
