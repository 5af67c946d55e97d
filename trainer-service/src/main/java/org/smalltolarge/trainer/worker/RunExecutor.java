package org.smalltolarge.trainer.worker;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.contracts.events.TrainingFailed;
import org.smalltolarge.contracts.events.TrainingProgress;
import org.smalltolarge.contracts.events.TrainingRequested;
import org.smalltolarge.lm.CheckpointStore;
import org.smalltolarge.lm.Checkpoints;
import org.smalltolarge.lm.GptConfig;
import org.smalltolarge.lm.Hyperparameters;
import org.smalltolarge.lm.ProgressListener;
import org.smalltolarge.lm.RuntimeSettings;
import org.smalltolarge.lm.Scorer;
import org.smalltolarge.lm.Trainer;
import org.smalltolarge.lm.TrainingState;
import org.smalltolarge.trainer.config.TrainerConfig;
import org.smalltolarge.kit.messaging.EventPublisher;
import org.smalltolarge.trainer.domain.TrainingRun;
import org.smalltolarge.trainer.repository.RunRepository;

/**
 * Trains one claimed run to its token budget: resumes from the run's latest checkpoint when there is one
 * (a restarted worker continues, bit-identically at the same thread count), checkpoints periodically,
 * reports progress and renews the claim, and at the end records and publishes the result.
 */
@ApplicationScoped
public class RunExecutor {
    private static final Logger LOG = Logger.getLogger(RunExecutor.class);

    private final TrainerConfig config;
    private final RunRepository runs;
    private final CheckpointStore store;
    private final TrainingDataSource data;
    private final EventPublisher publisher;

    public RunExecutor(TrainerConfig config, RunRepository runs, CheckpointStore store, TrainingDataSource data,
            EventPublisher publisher) {
        this.config = config;
        this.runs = runs;
        this.store = store;
        this.data = data;
        this.publisher = publisher;
    }

    /**
     * Trains the run that {@code worker} has claimed. Returns normally when the run completed, failed (both
     * recorded and published), or stopped early because {@code stopping} said so or the claim was lost.
     */
    public void execute(TrainingRun claimed, String worker, BooleanSupplier stopping) {
        TrainingRequested request = claimed.request();
        try {
            Outcome outcome = train(request, worker, stopping);
            if (outcome == null) {
                return;
            }
            double wallSeconds = runs.trainSeconds(request.runId());
            TrainingCompleted completed = new TrainingCompleted(request.runId(), request.studyId(), outcome.uri,
                    outcome.sha256, outcome.state.lastLoss(), outcome.validationLoss, outcome.state.config().parameters(),
                    outcome.state.tokensSeen(), 6.0 * outcome.state.config().parameters() * outcome.state.tokensSeen(),
                    wallSeconds, outcome.state.device(), Instant.now());
            if (runs.complete(request.runId(), worker, completed)) {
                publisher.publish(completed);
                LOG.infof("run %s completed: train loss %.4f, validation loss %.4f, %s", request.runId(),
                        completed.finalTrainLoss(), completed.validationLoss(), outcome.uri);
            }
        } catch (Exception | OutOfMemoryError e) {
            LOG.errorf(e, "run %s failed on %s", request.runId(), worker);
            fail(claimed, worker, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Records the run as failed with the reason and publishes training.failed, if {@code worker} still holds it. */
    public void fail(TrainingRun claimed, String worker, String reason) {
        if (runs.fail(claimed.id(), worker, reason)) {
            publisher.publish(new TrainingFailed(claimed.id(), claimed.studyId(), reason, worker, claimed.attempts(),
                    Instant.now()));
        }
    }

    private record Outcome(TrainingState state, double validationLoss, String uri, String sha256) {
    }

    /** Null when training stopped before the budget was spent (shutdown, or the claim moved elsewhere). */
    private Outcome train(TrainingRequested request, String worker, BooleanSupplier stopping) throws IOException {
        RunData runData = data.open(request);
        Consumer<String> notes = note -> {
            LOG.warnf("run %s: %s", request.runId(), note);
            runs.note(request.runId(), worker, note);
        };
        // with an object store, the run's newest intact checkpoint comes down from it (another node may have saved it)
        Path dir = store.restore(request.runId(), notes);
        RuntimeSettings runtime = RuntimeSettings.builder().threads(config.threadsPerWorker()).interopThreads(1)
                .device(config.device()).checkpointEvery(config.checkpointEverySteps()).build();
        Optional<Trainer> resumed = CheckpointRecovery.resumeNewestIntact(dir, runtime, notes);
        try (Trainer trainer = resumed.isPresent() ? resumed.get()
                : Trainer.start(modelOf(request), settingsOf(request), runtime, request.scale().tokenBudget(),
                        runData.description())) {
            if (resumed.isPresent()) {
                LOG.infof("run %s resumes at step %d", request.runId(), trainer.state().step());
            }
            runs.recordDevice(request.runId(), worker, trainer.device().toString());
            ProgressReporter reporter = new ProgressReporter(request, worker);
            TrainingState state = trainer.train(runData.training(), reporter, dir,
                    () -> reporter.claimLost || stopping.getAsBoolean());
            reporter.flushTime();
            if (state.step() < state.totalSteps()) {
                if (!reporter.claimLost) {
                    runs.release(request.runId(), worker);
                }
                LOG.infof("run %s stopped at step %d of %d (%s); its checkpoint stays for a resume", request.runId(),
                        state.step(), state.totalSteps(), reporter.claimLost ? "claim lost" : "stopping");
                return null;
            }
            double validationLoss = new Scorer(trainer.model(), request.training().batchSize())
                    .meanLoss(runData.validation(), 0, (int) Math.min(config.validationWindows(),
                            runData.validation().count()));
            Path last = Checkpoints.latest(dir).orElseThrow(() -> new IOException("no final checkpoint in " + dir));
            Checkpoints.verify(last);
            return new Outcome(state, validationLoss, store.publish(request.runId(), last),
                    Checkpoints.digest(last));
        }
    }

    static GptConfig modelOf(TrainingRequested request) {
        var shape = request.scale().model();
        return GptConfig.bytes(shape.context(), shape.dModel(), shape.layers(), shape.heads());
    }

    /** The run's hyperparameters, from the request alone: they define its result, whichever worker trains it. */
    static Hyperparameters settingsOf(TrainingRequested request) {
        var t = request.training();
        var shape = request.scale().model();
        long tokensPerStep = (long) t.batchSize() * shape.context();
        long totalSteps = Math.max(1, (request.scale().tokenBudget() + tokensPerStep - 1) / tokensPerStep);
        int warmup = (int) Math.round(t.warmupFraction() * totalSteps);
        return Hyperparameters.builder().batchSize(t.batchSize()).learningRate(t.learningRate())
                .minLearningRate(t.learningRate() / 10).warmupSteps(warmup).clipNorm(t.gradClip())
                .weightDecay(t.weightDecay()).betas(0.9, 0.95).epsilon(1e-8).seed(request.seed()).build();
    }

    /** Throttles lm-core's per-step progress into heartbeats and progress events. */
    private final class ProgressReporter implements ProgressListener {
        private final TrainingRequested request;
        private final String worker;
        private final ProgressThrottle throttle;
        private long lastTimed = System.nanoTime();
        private long tokensMetered = -1;
        volatile boolean claimLost;

        ProgressReporter(TrainingRequested request, String worker) {
            this.request = request;
            this.worker = worker;
            this.throttle = new ProgressThrottle(request.runId(), request.studyId(), worker, config.progressInterval(),
                    lastTimed);
        }

        @Override
        public void onProgress(org.smalltolarge.lm.TrainingProgress p) {
            // every step trains the same number of tokens; the first one after a resume is one step's worth
            TrainingMeters.trained(tokensMetered < 0 ? p.tokens() / Math.max(1, p.step()) : p.tokens() - tokensMetered);
            tokensMetered = p.tokens();
            TrainingMeters.step(worker, p.loss(), p.tokensPerSecond());
            Optional<TrainingProgress> due = throttle.onStep(p, System.nanoTime(), Instant.now());
            if (due.isEmpty()) {
                return;
            }
            try {
                if (!runs.heartbeat(request.runId(), worker, due.get(), elapsedSeconds())) {
                    claimLost = true;
                    LOG.warnf("run %s: claim lost by %s, stopping", request.runId(), worker);
                    return;
                }
                publisher.publish(due.get());
            } catch (RuntimeException e) {
                // MongoDB or Kafka down for a moment (a server restart): progress is best-effort, training goes on;
                // the lease thread keeps the claim and the next report catches up
                LOG.warnf("run %s: progress not recorded (%s); training goes on", request.runId(), e.getMessage());
            }
        }

        /**
         * Every checkpoint kept is published at once (an object store uploads it), so a worker on another node can
         * resume from it. A failed upload does not stop training: the checkpoint stays here, the next one is tried,
         * and the final one must succeed (the run fails otherwise); a resume elsewhere from an older checkpoint ends
         * with the same weights, training being deterministic.
         */
        @Override
        public void onCheckpoint(Path directory, TrainingState state) {
            try {
                store.publish(request.runId(), directory);
            } catch (IOException | RuntimeException e) {
                String note = "checkpoint " + directory.getFileName() + " not stored (" + e.getMessage()
                        + "); training goes on";
                LOG.warnf("run %s: %s", request.runId(), note);
                try {
                    runs.note(request.runId(), worker, note);
                } catch (RuntimeException ignored) {
                    // MongoDB down too: the log line above has it
                }
            }
        }

        /** Seconds since the time was last added to the run's training time (survives kill -9 to a heartbeat). */
        private double elapsedSeconds() {
            long now = System.nanoTime();
            double seconds = (now - lastTimed) / 1e9;
            lastTimed = now;
            return seconds;
        }

        void flushTime() {
            if (!claimLost) {
                runs.heartbeat(request.runId(), worker, null, elapsedSeconds());
            }
        }
    }
}
