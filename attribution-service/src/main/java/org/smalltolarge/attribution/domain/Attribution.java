package org.smalltolarge.attribution.domain;

import java.time.Instant;
import java.util.Map;
import org.smalltolarge.contracts.events.AttributionRequested;
import org.smalltolarge.kit.claims.Claimed;
import org.smalltolarge.lm.CheckpointRef;

/**
 * One attribution as stored: its request, the study that trains its models, every planned run of that study
 * ({@code runs}: run id -> scale and distribution) and the checkpoints of those trained so far ({@code models}).
 *
 * @param results the attribution.completed payload once completed (JSON), else null
 */
public record Attribution(String id, AttributionRequested request, String studyId, AttributionStatus status,
                          Map<String, ModelKey> runs, Map<String, CheckpointRef> models, boolean studyPublished,
                          boolean completionPublished, String failure, String results, int attempts, int takeovers,
                          Instant receivedAt) implements Claimed {

    /** Which model a run is: its scale and its distribution (ensemble_m or subset_j). */
    public record ModelKey(String scale, String distribution) {
    }

    public int modelsTrained() {
        return models.size();
    }

    public int modelsPlanned() {
        return runs.size();
    }
}
