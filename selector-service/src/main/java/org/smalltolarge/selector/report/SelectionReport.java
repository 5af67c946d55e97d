package org.smalltolarge.selector.report;

import static org.smalltolarge.charts.ReportJson.finite;
import static org.smalltolarge.charts.ReportJson.integer;
import static org.smalltolarge.charts.ReportJson.longValue;
import static org.smalltolarge.charts.ReportJson.number;
import static org.smalltolarge.charts.ReportJson.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A selection's JSON report (written by {@code worker.SelectionRunner.reportContent}, stored in MongoDB and read
 * back as relaxed extended JSON) as the HTML report reads it. Reading is lenient on purpose: a report written by an
 * older or newer service still renders, with a missing field shown as unknown rather than a failed page. Non-finite
 * numbers (and anything that is not a number, such as {@code {"$numberDouble": "NaN"}}) read as null, so nothing
 * downstream meets a NaN.
 *
 * @param holdoutItems  holdout items the selections are measured on
 * @param targetItems   target items that guided the selection
 * @param selectionSize documents per selection, as requested
 * @param proxyScales   the scales whose TRAK scores DsDm used, in the request's order (sizes null when the report
 *                      predates them)
 * @param reference     the model trained on every selection; null when the report does not say
 * @param selections    in the report's order: DsDm's first, then DSIR, the classifier and the random selections
 * @param overlaps      Jaccard similarity of every pair of non-random selections
 */
public record SelectionReport(String selectionId, String attributionId, String studyId, String suite,
                              Integer holdoutItems, Integer targetItems, Integer poolSize, Integer selectionSize,
                              Settings settings, List<ScaleSize> proxyScales, ScaleSize reference,
                              List<Row> selections, List<Overlap> overlaps, String completedAt) {

    public SelectionReport {
        settings = settings == null ? Settings.UNKNOWN : settings;
        proxyScales = proxyScales == null ? List.of() : List.copyOf(proxyScales);
        selections = selections == null ? List.of() : List.copyOf(selections);
        overlaps = overlaps == null ? List.of() : List.copyOf(overlaps);
    }

    /** What the request asked for, the parts the page explains; any may be null (empty) when not in the report. */
    public record Settings(String corpus, List<String> methods, List<Long> trainingSeeds, Integer randomSelections,
                           Long seed, Integer dsdmEnsemble, String projectionKind, Integer projectionK,
                           Double ridgeLambda, String output, Integer ngramBuckets) {
        static final Settings UNKNOWN = new Settings(null, List.of(), List.of(), null, null, null, null, null, null,
                null, null);

        public Settings {
            methods = methods == null ? List.of() : List.copyOf(methods);
            trainingSeeds = trainingSeeds == null ? List.of() : List.copyOf(trainingSeeds);
        }
    }

    /** A model size: parameters, training tokens and the compute of training one model, 6 x parameters x tokens. */
    public record ScaleSize(String name, Long parameters, Long tokens, Double flopsPerModel) {
    }

    /** Gain over random with its 95% bootstrap interval; any part null when the report does not hold it. */
    public record Gain(Double mean, Double low, Double high) {
        /** Whether both ends of the interval are known. */
        public boolean hasInterval() {
            return low != null && high != null;
        }
    }

    /**
     * One selection's outcome.
     *
     * @param holdoutLoss the reference's mean loss per holdout item, averaged over training seeds
     * @param accuracy    null for suites without right answers
     * @param gain        null for the random selections themselves (and when there were none to compare with)
     * @param itemLosses  per holdout item, mean over training seeds (null entries where undefined)
     */
    public record Row(String name, String method, String proxyScale, Integer documents, Double holdoutLoss,
                      Double accuracy, Gain gain, String rule, List<Double> itemLosses) {
        public Row {
            itemLosses = itemLosses == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(itemLosses));
        }

        public boolean isRandom() {
            return "random".equals(method);
        }
    }

    /** Jaccard similarity of two selections' document sets. */
    public record Overlap(String a, String b, Double jaccard) {
    }

    /** The random selections, which the gains are measured against. */
    public List<Row> randomSelections() {
        return selections.stream().filter(Row::isRandom).toList();
    }

    /** The selection of {@code method} made with {@code proxyScale}'s scores (null scale: a method without proxy). */
    public Row find(String method, String proxyScale) {
        return selections.stream().filter(r -> Objects.equals(method, r.method())
                && Objects.equals(proxyScale, r.proxyScale())).findFirst().orElse(null);
    }

    /** Whether every proxy scale's training compute is known (then figure 1 has a compute axis). */
    public boolean knowsProxyCompute() {
        return !proxyScales.isEmpty() && proxyScales.stream()
                .allMatch(s -> s.flopsPerModel() != null && s.flopsPerModel() > 0);
    }

    /** Reads the report; throws only when the text is not JSON at all. */
    public static SelectionReport parse(String json) throws JsonProcessingException {
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode summary = root.path("summary");
        JsonNode request = root.path("request");

        Map<String, JsonNode> written = new LinkedHashMap<>(); // the report's own list: documents and item losses
        for (JsonNode s : root.path("selections")) {
            String name = text(s, "name");
            if (name != null) {
                written.putIfAbsent(name, s);
            }
        }
        List<Row> rows = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode s : summary.path("selections")) {
            String name = text(s, "selection");
            seen.add(name);
            rows.add(row(name, s, written.getOrDefault(name, com.fasterxml.jackson.databind.node.MissingNode
                    .getInstance())));
        }
        written.forEach((name, s) -> { // a selection the summary lacks still shows, without results
            if (!seen.contains(name)) {
                rows.add(row(name, com.fasterxml.jackson.databind.node.MissingNode.getInstance(), s));
            }
        });

        List<Overlap> overlaps = new ArrayList<>();
        for (JsonNode o : summary.path("overlaps")) {
            overlaps.add(new Overlap(text(o, "a"), text(o, "b"), number(o, "jaccard")));
        }

        JsonNode dsdm = request.path("dsdm");
        List<String> methods = strings(request.path("methods"));
        if (methods.isEmpty()) {
            rows.stream().map(Row::method).filter(Objects::nonNull).distinct().forEach(methods::add);
        }
        List<Long> seeds = new ArrayList<>();
        request.path("training_seeds").forEach(v -> {
            if (v.isIntegralNumber() && v.canConvertToLong()) {
                seeds.add(v.longValue());
            }
        });
        Settings settings = new Settings(text(request, "corpus"), methods, seeds,
                integer(request, "random_selections"), longValue(request, "seed"), integer(dsdm, "ensemble"),
                text(dsdm.path("projection"), "kind"), integer(dsdm.path("projection"), "k"),
                number(dsdm, "ridge_lambda"), text(dsdm, "output"), integer(request, "ngram_buckets"));

        List<ScaleSize> scales = new ArrayList<>();
        root.path("proxy_scales").forEach(s -> scales.add(scaleSize(s)));
        if (scales.isEmpty()) { // older reports: the request's names, else the order DsDm's selections came in
            request.path("proxy_scales").forEach(s -> scales.add(new ScaleSize(text(s, "name"), null,
                    longValue(s, "tokens"), null)));
        }
        if (scales.isEmpty()) {
            rows.stream().map(Row::proxyScale).filter(Objects::nonNull).distinct()
                    .forEach(name -> scales.add(new ScaleSize(name, null, null, null)));
        }
        ScaleSize reference = root.path("reference").isObject() ? scaleSize(root.path("reference"))
                : request.path("reference").isObject() ? new ScaleSize(text(request.path("reference"), "name"), null,
                        longValue(request.path("reference"), "tokens"), null) : null;

        Integer holdout = integer(summary, "holdout_items");
        if (holdout == null && root.path("holdout_items").isArray()) {
            holdout = root.path("holdout_items").size();
        }
        Integer targets = root.path("target_items").isArray() ? Integer.valueOf(root.path("target_items").size())
                : integer(request.path("task"), "targets");
        Integer size = integer(root, "selection_size");
        String suite = text(summary, "suite");
        return new SelectionReport(text(summary, "selection_id"), text(summary, "attribution_id"),
                text(summary, "study_id"), suite != null ? suite : text(request.path("task"), "suite"), holdout,
                targets, integer(root, "pool_size"), size != null ? size : integer(request, "size"), settings,
                scales, reference, rows, overlaps, text(summary, "completed_at"));
    }

    private static Row row(String name, JsonNode result, JsonNode written) {
        JsonNode g = result.path("gain");
        Gain gain = g.isObject() ? new Gain(number(g, "mean"), number(g, "low"), number(g, "high")) : null;
        Integer documents = integer(result, "documents");
        if (documents == null && written.path("documents").isArray()) {
            documents = written.path("documents").size();
        }
        List<Double> losses = new ArrayList<>();
        written.path("holdout_item_losses").forEach(v -> losses.add(finite(v)));
        return new Row(name, first(text(result, "method"), text(written, "method")),
                first(text(result, "proxy_scale"), text(written, "proxy_scale")), documents,
                number(result, "holdout_loss"), number(result, "holdout_accuracy"), gain,
                first(text(result, "rule"), text(written, "rule")), losses);
    }

    private static ScaleSize scaleSize(JsonNode s) {
        return new ScaleSize(text(s, "name"), longValue(s, "parameters"), longValue(s, "tokens"),
                number(s, "flops_per_model"));
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> {
            if (v.isValueNode() && !v.isNull()) {
                out.add(v.asText());
            }
        });
        return out;
    }
}
