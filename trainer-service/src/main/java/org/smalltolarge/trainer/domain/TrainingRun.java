package org.smalltolarge.trainer.domain;

import java.time.Instant;
import java.util.List;
import org.smalltolarge.kit.claims.Claimed;
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.contracts.events.TrainingProgress;
import org.smalltolarge.contracts.events.TrainingRequested;

/**
 * A training run as stored by the trainer: its request, where it stands, and its result.
 *
 * @param request          the training.requested event that defines the run (model, data, budget, seed)
 * @param requestPublished whether that event reached Kafka (a crashed planner publishes the rest on replay)
 * @param worker           the worker holding or last holding the claim, or null
 * @param attempts         claims so far (a take-over after a crash is a new attempt)
 * @param takeovers        claims taken over from a worker that stopped renewing its claim
 * @param device           the device of the latest attempt, or null before training starts
 * @param progress         the latest progress event, or null
 * @param trainSeconds     training time over all attempts, as recorded by heartbeats
 * @param result           the training.completed event once completed, else null
 * @param failure          why the run failed, else null
 * @param history          what workers had to work around (a damaged checkpoint passed over, ...), oldest first
 */
public record TrainingRun(
        String id,
        String studyId,
        RunStatus status,
        TrainingRequested request,
        boolean requestPublished,
        String worker,
        int attempts,
        int takeovers,
        String device,
        TrainingProgress progress,
        double trainSeconds,
        TrainingCompleted result,
        String failure,
        List<Note> history,
        Instant createdAt,
        Instant claimedAt,
        Instant heartbeatAt,
        Instant completedAt,
        Instant failedAt) implements Claimed {

    /** One line of a run's history. */
    public record Note(Instant at, String worker, String note) {
    }
}
