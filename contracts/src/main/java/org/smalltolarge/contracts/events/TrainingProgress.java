package org.smalltolarge.contracts.events;

import java.time.Instant;
import org.smalltolarge.contracts.Event;

/**
 * Periodic progress of one run. {@code etaSeconds} is null until a rate has been measured.
 *
 * @param worker the worker (pod and slot) that trains the run
 */
public record TrainingProgress(String runId, String studyId, long step, long totalSteps, long tokens,
        long totalTokens, double loss, double tokensPerSecond, double percent, Double etaSeconds, String worker,
        Instant at) implements Event {
    public TrainingProgress {
        Required.text("run_id", runId);
        Required.text("study_id", studyId);
        Required.text("worker", worker);
        Required.value("at", at);
    }

    @Override
    public String key() {
        return runId;
    }

    @Override
    public String eventId() {
        return "training.progress:" + runId + ":" + step;
    }
}
