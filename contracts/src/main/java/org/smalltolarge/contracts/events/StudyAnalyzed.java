package org.smalltolarge.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.smalltolarge.contracts.Event;

/**
 * The cross-scale analysis of a study (possibly partial while runs are missing). The full analysis is in
 * MongoDB and the report endpoint; this is its headline: per test set and proxy scale, how well the proxy's
 * per-distribution mean losses track the reference's.
 *
 * @param complete        false while some planned runs have no predictions yet ({@code missingRuns}): a live,
 *                        partial analysis that later ones replace; only a complete one is final
 * @param runsPlanned     runs the study planned (optional; absent from older producers)
 * @param runsAnalyzed    planned runs with predictions in this analysis (optional)
 * @param recommendations per test set, the cheapest proxy scale good enough, or why none (optional)
 */
public record StudyAnalyzed(String studyId, boolean complete, List<String> missingRuns,
        List<ProxyCorrelation> correlations, String reportUri, Instant at,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer runsPlanned,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer runsAnalyzed,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Recommendation> recommendations) implements Event {
    public StudyAnalyzed {
        Required.text("study_id", studyId);
        Required.value("missing_runs", missingRuns);
        Required.value("correlations", correlations);
        Required.value("at", at);
        missingRuns = List.copyOf(missingRuns);
        correlations = List.copyOf(correlations);
        recommendations = recommendations == null ? null : List.copyOf(recommendations);
        if (runsPlanned != null && runsAnalyzed != null && runsAnalyzed > runsPlanned) {
            throw new IllegalArgumentException("runs_analyzed (" + runsAnalyzed + ") exceeds runs_planned ("
                    + runsPlanned + ")");
        }
    }

    /** The headline without run counts or recommendations, as producers before them wrote it. */
    public StudyAnalyzed(String studyId, boolean complete, List<String> missingRuns,
            List<ProxyCorrelation> correlations, String reportUri, Instant at) {
        this(studyId, complete, missingRuns, correlations, reportUri, at, null, null, null);
    }

    /** A statistic that is undefined (e.g. a constant vector) is null, never NaN. */
    public record ProxyCorrelation(String suite, String scale, double computeRatio, Double pearson, Double spearman,
            Double r2) {
        public ProxyCorrelation {
            Required.text("suite", suite);
            Required.text("scale", scale);
        }
    }

    /**
     * The proxy-size recommendation of one test set: the cheapest proxy scale whose Pearson r with the reference
     * reaches the target within its confidence interval. {@code scale} is null when none does or there is no
     * target, and {@code reason} says which.
     *
     * @param criterion    {@code threshold} (the study's analysis.recommend_min_correlation) or {@code noise_ceiling}
     *                     (the reference's seed-to-seed agreement); null without a target
     * @param computeRatio reference compute / the recommended proxy's compute (the compute it saves)
     */
    public record Recommendation(String suite, String scale, Double computeRatio, String criterion, Double target,
            String reason) {
        public Recommendation {
            Required.text("suite", suite);
        }
    }

    @Override
    public String key() {
        return studyId;
    }

    @Override
    public String eventId() {
        return "study.analyzed:" + studyId + ":" + at.toEpochMilli();
    }
}
