package org.smalltolarge.trainer.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.smalltolarge.contracts.events.TrainingProgress;

/**
 * Turns lm-core's per-step progress into at most one progress event per interval (and always one for the last
 * step): a heartbeat per event keeps the run's claim, and a Kafka record per step would flood the topic for
 * small models that take thousands of steps a minute. The event's loss is the mean over the steps since the
 * previous event, so no step's loss is lost to throttling.
 */
final class ProgressThrottle {
    private final String runId;
    private final String studyId;
    private final String worker;
    private final long intervalNanos;
    private long lastReport;
    private double lossSum;
    private int lossSteps;

    /** {@code startNanos}: the caller's clock when training (re)starts; the first event waits one interval. */
    ProgressThrottle(String runId, String studyId, String worker, Duration interval, long startNanos) {
        this.runId = runId;
        this.studyId = studyId;
        this.worker = worker;
        this.intervalNanos = interval.toNanos();
        this.lastReport = startNanos;
    }

    /** The event to publish after this step, if one is due at {@code nowNanos}. */
    Optional<TrainingProgress> onStep(org.smalltolarge.lm.TrainingProgress p, long nowNanos, Instant wallClock) {
        lossSum += p.loss();
        lossSteps++;
        if (nowNanos - lastReport < intervalNanos && p.step() < p.totalSteps()) {
            return Optional.empty();
        }
        lastReport = nowNanos;
        double loss = lossSum / lossSteps;
        lossSum = 0;
        lossSteps = 0;
        long totalTokens = p.totalSteps() * (p.step() == 0 ? 0 : p.tokens() / p.step());
        double percent = 100.0 * p.step() / p.totalSteps();
        Double eta = Double.isFinite(p.etaSeconds()) ? Math.max(0, p.etaSeconds()) : null;
        return Optional.of(new TrainingProgress(runId, studyId, p.step(), p.totalSteps(), p.tokens(), totalTokens, loss,
                p.tokensPerSecond(), percent, eta, worker, wallClock));
    }
}
