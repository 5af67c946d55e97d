package org.smalltolarge.evaluator.domain;

import java.time.Instant;
import java.util.List;
import org.smalltolarge.kit.claims.Claimed;
import org.smalltolarge.contracts.events.TrainingCompleted;

/**
 * The evaluation of one trained run (collection {@code eval_runs}).
 *
 * @param completed             the training.completed event that announced the run's checkpoint
 * @param predictionsPublished  whether predictions.ready reached Kafka
 * @param waitingReason         why a released run waits (its suites are missing here), else null
 * @param suites                per-suite summaries once evaluated, sorted by suite name; empty before
 * @param checkpoint            the checkpoint that was scored, once evaluated
 */
public record Evaluation(
        String runId,
        String studyId,
        EvaluationStatus status,
        TrainingCompleted completed,
        boolean predictionsPublished,
        String worker,
        int attempts,
        int takeovers,
        String waitingReason,
        List<SuiteSummary> suites,
        ScoredCheckpoint checkpoint,
        String failure,
        Instant receivedAt,
        Instant evaluatedAt,
        Instant failedAt) implements Claimed {

    /** The run id: an evaluation is claimed under the id of the run it scores. */
    @Override
    public String id() {
        return runId;
    }

    /** A run's result on one suite: mean loss over items and, where items have right answers, accuracy. */
    public record SuiteSummary(String suite, String contentHash, String kind, int items, double meanLoss,
            Double accuracy) {
    }

    /** The scored checkpoint: its local directory and the manifest digest training announced. */
    public record ScoredCheckpoint(String path, String manifestSha256) {
    }
}
