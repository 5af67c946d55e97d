package org.smalltolarge.contracts.events;

import java.time.Instant;
import org.smalltolarge.contracts.Event;

/**
 * A run failed. {@code attempt} counts tries of this run, so repeated failures are separate events.
 */
public record TrainingFailed(String runId, String studyId, String reason, String worker, int attempt,
        Instant failedAt) implements Event {
    public TrainingFailed {
        Required.text("run_id", runId);
        Required.text("study_id", studyId);
        Required.text("reason", reason);
        Required.text("worker", worker);
        Required.value("failed_at", failedAt);
    }

    @Override
    public String key() {
        return runId;
    }

    @Override
    public String eventId() {
        return "training.failed:" + runId + ":" + attempt;
    }
}
