package org.smalltolarge.attribution.report;

import static org.smalltolarge.charts.ReportJson.finite;
import static org.smalltolarge.charts.ReportJson.integer;
import static org.smalltolarge.charts.ReportJson.longValue;
import static org.smalltolarge.charts.ReportJson.number;
import static org.smalltolarge.charts.ReportJson.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.smalltolarge.contracts.events.AttributionCompleted.LdsValue;

/**
 * An attribution's report.json (written by {@code worker.AttributionRunner.reportContent}) as the HTML report reads
 * it. Reading is lenient on purpose: a report written by an older or newer service still renders, with a missing
 * field shown as undefined rather than a failed page. Non-finite numbers (and "NaN" written as a string) read as
 * null, so nothing downstream meets a NaN.
 *
 * @param settings   what the request asked for (the parts the report shows)
 * @param targets    the target ids, in the order of the per-target lists
 * @param scales     in the request's order, the reference among them
 */
public record AttributionReport(String attributionId, String studyId, Settings settings, Integer poolSize,
                                Integer windowsPerDocument, List<String> targets, Double computeSeconds,
                                List<ScaleReport> scales) {

    public AttributionReport {
        targets = targets == null ? List.of() : List.copyOf(targets);
        scales = scales == null ? List.of() : List.copyOf(scales);
        settings = settings == null ? Settings.UNKNOWN : settings;
    }

    /** The request's settings the report explains; any may be null when the report does not hold it. */
    public record Settings(String corpus, String targetSuite, String reference, Integer ensemble, Integer ldsSubsets,
                           Long ldsSeed, String projectionKind, Integer projectionK, Long projectionSeed,
                           Double ridgeLambda, String output) {
        static final Settings UNKNOWN = new Settings(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** LDS with all models of the ensemble, or with the first {@code models} of them. */
    public record EnsemblePoint(int models, LdsValue lds) {
    }

    /**
     * One scale's results.
     *
     * @param lds                    against the reference's subset models (mean over targets, 95% interval)
     * @param ldsOwnScale            against this scale's own subset models
     * @param ldsPerTarget           per target (null where undefined)
     * @param spearmanWithReference  per target, Spearman of this scale's and the reference's scores; null for the
     *                               reference itself
     * @param topOverlapWithReference per target, the share of the reference's top examples among this scale's;
     *                               null for the reference itself
     * @param topCount               how many top examples that overlap compares (1% of the pool, at least 1)
     */
    public record ScaleReport(String scale, Long parameters, Double flopsPerModel, LdsValue lds, LdsValue ldsOwnScale,
                              List<Double> ldsPerTarget, List<Double> ldsOwnScalePerTarget,
                              List<EnsemblePoint> ldsByEnsembleSize, List<Double> spearmanWithReference,
                              List<Double> topOverlapWithReference, Integer topCount) {
        public ScaleReport {
            ldsPerTarget = nullSafe(ldsPerTarget);
            ldsOwnScalePerTarget = nullSafe(ldsOwnScalePerTarget);
            ldsByEnsembleSize = ldsByEnsembleSize == null ? List.of() : List.copyOf(ldsByEnsembleSize);
            spearmanWithReference = spearmanWithReference == null ? null : nullSafe(spearmanWithReference);
            topOverlapWithReference = topOverlapWithReference == null ? null : nullSafe(topOverlapWithReference);
        }

        /** Whether this scale was compared with the reference (every scale but the reference). */
        public boolean hasAgreement() {
            return spearmanWithReference != null;
        }
    }

    /**
     * Whether the request had an LDS bank: {@code lds.subsets} 0 asks for scores only (no subset models, so no LDS
     * and no ensemble-size curve). Unknown counts as having one: the values then say themselves what is missing.
     */
    public boolean hasLdsBank() {
        return settings.ldsSubsets() == null || settings.ldsSubsets() > 0;
    }

    /** Why a scale has no LDS: no bank was requested, or no target had a defined correlation. */
    String whyNoLds() {
        return hasLdsBank() ? "no target with a defined correlation" : "scores only: the request has no LDS bank";
    }

    /** Whether {@code scale} is the request's reference. */
    public boolean isReference(String scale) {
        return scale != null && scale.equals(settings.reference());
    }

    /** Reads report.json; throws only when the text is not JSON at all. */
    public static AttributionReport parse(String json) throws JsonProcessingException {
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode request = root.path("request");
        Settings settings = new Settings(text(request, "corpus"), text(request.path("targets"), "suite"),
                text(request, "reference"), integer(request, "ensemble"), integer(request.path("lds"), "subsets"),
                longValue(request.path("lds"), "seed"), text(request.path("projection"), "kind"),
                integer(request.path("projection"), "k"), longValue(request.path("projection"), "seed"),
                number(request, "ridge_lambda"), text(request, "output"));
        List<String> targets = new ArrayList<>();
        root.path("targets").forEach(t -> targets.add(t.asText()));
        List<ScaleReport> scales = new ArrayList<>();
        for (JsonNode s : root.path("scales")) {
            String name = text(s, "scale");
            JsonNode summary = summaryOf(root.path("summary"), name);
            List<EnsemblePoint> curve = new ArrayList<>();
            for (JsonNode p : s.path("lds_by_ensemble_size")) {
                Integer models = integer(p, "models");
                if (models != null && models > 0) {
                    curve.add(new EnsemblePoint(models, lds(p.path("lds"))));
                }
            }
            scales.add(new ScaleReport(name, longValue(s, "parameters"), number(s, "flops_per_model"),
                    lds(summary.path("lds")), lds(summary.path("lds_own_scale")), numbers(s.path("lds_per_target")),
                    numbers(s.path("lds_own_scale_per_target")), curve,
                    s.has("spearman_with_reference_per_target") ? numbers(s.path("spearman_with_reference_per_target"))
                            : null,
                    s.has("top_overlap_with_reference_per_target")
                            ? numbers(s.path("top_overlap_with_reference_per_target")) : null,
                    integer(s, "top_count")));
        }
        return new AttributionReport(text(root, "attribution_id"), text(root, "study_id"), settings,
                integer(root, "pool_size"), integer(root, "windows_per_document"), targets,
                number(root, "compute_seconds"), scales);
    }

    /** The summary entry of a scale (LDS with its interval lives there, as in attribution.completed). */
    private static JsonNode summaryOf(JsonNode summary, String scale) {
        for (JsonNode s : summary) {
            if (scale != null && scale.equals(text(s, "scale"))) {
                return s;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static LdsValue lds(JsonNode n) {
        if (!n.isObject()) {
            return null;
        }
        Integer targets = integer(n, "targets");
        return new LdsValue(number(n, "mean"), number(n, "low"), number(n, "high"), number(n, "significant_share"),
                targets == null ? 0 : targets);
    }

    private static List<Double> numbers(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(v -> out.add(finite(v)));
        return out;
    }

    private static List<Double> nullSafe(List<Double> values) {
        List<Double> out = new ArrayList<>();
        if (values != null) {
            values.forEach(v -> out.add(v != null && Double.isFinite(v) ? v : null));
        }
        return java.util.Collections.unmodifiableList(out); // holds nulls, so not List.copyOf
    }
}
