package org.smalltolarge.contracts.events;

import java.time.Instant;
import java.util.List;
import org.smalltolarge.contracts.Event;

/**
 * Per-example predictions of one run are stored (one document per run and suite). The summary here lets
 * consumers react without reading the store; the per-example arrays stay in MongoDB.
 */
public record PredictionsReady(String runId, String studyId, List<SuiteSummary> suites, Instant at)
        implements Event {
    public PredictionsReady {
        Required.text("run_id", runId);
        Required.text("study_id", studyId);
        Required.nonEmpty("suites", suites);
        Required.value("at", at);
        suites = List.copyOf(suites);
    }

    /**
     * @param contentHash the suite's content hash, so results from different suite versions never mix
     * @param accuracy null for suites without a right answer (plain held-out text)
     */
    public record SuiteSummary(String suite, String contentHash, int items, double meanLoss, Double accuracy) {
        public SuiteSummary {
            Required.text("suite", suite);
            Required.text("content_hash", contentHash);
        }
    }

    @Override
    public String key() {
        return runId;
    }

    @Override
    public String eventId() {
        return "predictions.ready:" + runId;
    }
}
