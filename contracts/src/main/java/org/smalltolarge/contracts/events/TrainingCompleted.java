package org.smalltolarge.contracts.events;

import java.time.Instant;
import org.smalltolarge.contracts.Event;

/**
 * A run finished and its final checkpoint is in the checkpoint store.
 *
 * @param checkpointUri where the checkpoint lives (a {@code file:} URI for the directory store)
 * @param checkpointSha256 digest of the checkpoint manifest; consumers verify it before loading
 * @param flops training compute, 6 x parameters x tokens
 * @param device the device that trained it, e.g. "cpu" or "gpu(0)"
 */
public record TrainingCompleted(String runId, String studyId, String checkpointUri, String checkpointSha256,
        double finalTrainLoss, double validationLoss, long parameters, long tokens, double flops, double wallSeconds,
        String device, Instant completedAt) implements Event {
    public TrainingCompleted {
        Required.text("run_id", runId);
        Required.text("study_id", studyId);
        Required.text("checkpoint_uri", checkpointUri);
        Required.text("checkpoint_sha256", checkpointSha256);
        Required.text("device", device);
        Required.value("completed_at", completedAt);
    }

    @Override
    public String key() {
        return runId;
    }

    @Override
    public String eventId() {
        return "training.completed:" + runId;
    }
}
