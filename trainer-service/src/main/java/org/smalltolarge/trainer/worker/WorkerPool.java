package org.smalltolarge.trainer.worker;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;
import org.smalltolarge.kit.workers.ClaimedWork;
import org.smalltolarge.kit.workers.ProcessName;
import org.smalltolarge.kit.workers.WorkerSlots;
import org.smalltolarge.lm.NativeRuntime;
import org.smalltolarge.trainer.config.TrainerConfig;
import org.smalltolarge.trainer.domain.TrainingRun;
import org.smalltolarge.trainer.repository.RunRepository;

/**
 * The training slots of this process ({@code trainer.workers}): each claims runs woken by Kafka requests, or
 * found in MongoDB when idle (a request accepted by a process that died, a claim whose worker stopped renewing
 * it), and trains them with the {@link RunExecutor}.
 */
@ApplicationScoped
public class WorkerPool implements ClaimedWork<TrainingRun> {
    private static final Logger LOG = Logger.getLogger(WorkerPool.class);
    private static final int CANDIDATES_PER_SCAN = 8;

    private final TrainerConfig config;
    private final RunRepository runs;
    private final RunExecutor executor;
    private final WorkerSlots<TrainingRun> slots;

    public WorkerPool(TrainerConfig config, RunRepository runs, RunExecutor executor) {
        this.config = config;
        this.runs = runs;
        this.executor = executor;
        // native thread counts are per calling thread: each slot sets its own
        this.slots = new WorkerSlots<>("trainer-worker", this, config,
                () -> NativeRuntime.configureThreads(config.threadsPerWorker(), 1));
    }

    void start(@Observes StartupEvent event) {
        if (config.workers() <= 0) {
            LOG.info("trainer.workers=0: this process plans studies and trains nothing");
            return;
        }
        slots.start(config.workers(), ProcessName.of("trainer"));
        LOG.infof("%d training worker(s), %d thread(s) each, device %s", config.workers(),
                config.threadsPerWorker(), config.device());
    }

    /** On SIGTERM: each slot stops after its current step, checkpoints, and hands its run back (released, not stale). */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        slots.stop(config.shutdownGrace());
    }

    /** A training request arrived for this run: some idle slot of this process should try to claim it. */
    public void wake(String runId) {
        slots.wake(runId);
    }

    @Override
    public Optional<TrainingRun> claim(String runId, String worker) {
        return runs.claim(runId, worker, config.staleClaimAfter());
    }

    @Override
    public List<String> candidates() {
        return runs.claimable(config.staleClaimAfter(), CANDIDATES_PER_SCAN);
    }

    @Override
    public void process(TrainingRun run, String worker, BooleanSupplier stopping) {
        // the planner that accepted the run may have had other limits than this worker
        Optional<String> tooLarge = config.limits().violatedBy(run.request().scale());
        if (tooLarge.isPresent()) {
            executor.fail(run, worker, "refused by this worker: " + tooLarge.get());
            return;
        }
        executor.execute(run, worker, stopping);
    }

    @Override
    public boolean renew(TrainingRun run, String worker) {
        return runs.renew(run.id(), worker);
    }


    @Override
    public void giveUp(TrainingRun run, String worker, String reason) {
        executor.fail(run, worker, reason);
    }

}
