package org.smalltolarge.contracts.events;

import java.time.Instant;
import java.util.List;
import org.smalltolarge.contracts.Event;

/**
 * The cross-scale analysis of a study (possibly partial while runs are missing). The full analysis is in
 * MongoDB and the report endpoint; this is its headline: per test set and proxy scale, how well the proxy's
 * per-distribution mean losses track the reference's.
 *
 * @param complete false while some planned runs have no predictions yet ({@code missingRuns})
 */
public record StudyAnalyzed(String studyId, boolean complete, List<String> missingRuns,
        List<ProxyCorrelation> correlations, String reportUri, Instant at) implements Event {
    public StudyAnalyzed {
        Required.text("study_id", studyId);
        Required.value("missing_runs", missingRuns);
        Required.value("correlations", correlations);
        Required.value("at", at);
        missingRuns = List.copyOf(missingRuns);
        correlations = List.copyOf(correlations);
    }

    /** A statistic that is undefined (e.g. a constant vector) is null, never NaN. */
    public record ProxyCorrelation(String suite, String scale, double computeRatio, Double pearson, Double spearman,
            Double r2) {
        public ProxyCorrelation {
            Required.text("suite", suite);
            Required.text("scale", scale);
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
