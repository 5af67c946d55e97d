package org.smalltolarge.contracts.events;

import java.time.Instant;
import java.util.List;
import org.smalltolarge.contracts.Event;

/**
 * Every scale's scores are computed and checked. Per scale: LDS against the reference's subset models and against
 * its own scale's, and agreement with the reference's scores.
 *
 * @param reportUri the JSON report (scores are read through the service's REST API)
 */
public record AttributionCompleted(String attributionId, String studyId, List<ScaleResult> scales, String reportUri,
        Instant completedAt) implements Event {
    public AttributionCompleted {
        Required.text("attribution_id", attributionId);
        Required.text("study_id", studyId);
        Required.nonEmpty("scales", scales);
        Required.text("report_uri", reportUri);
        Required.value("completed_at", completedAt);
        scales = List.copyOf(scales);
    }

    /**
     * @param flopsPerModel   training compute of one model at this scale
     * @param lds             against subset models of the reference scale
     * @param ldsOwnScale     against subset models of this scale
     * @param medianSpearman  median over targets of the Spearman correlation with the reference's scores (null for
     *                        the reference itself)
     * @param meanTopOverlap  mean over targets of the overlap of the top 1% examples with the reference's (null for
     *                        the reference itself)
     */
    public record ScaleResult(String scale, long parameters, double flopsPerModel, LdsValue lds, LdsValue ldsOwnScale,
            Double medianSpearman, Double meanTopOverlap) {
        public ScaleResult {
            Required.text("scale", scale);
            Required.value("lds", lds);
            Required.value("lds_own_scale", ldsOwnScale);
        }
    }

    /** Mean per-target Spearman, its 95% bootstrap interval over targets, and the share significant at 5%. */
    public record LdsValue(Double mean, Double low, Double high, Double significantShare, int targets) {
    }

    @Override
    public String key() {
        return attributionId;
    }

    @Override
    public String eventId() {
        return "attribution.completed:" + attributionId;
    }
}
