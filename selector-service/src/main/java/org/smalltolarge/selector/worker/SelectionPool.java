package org.smalltolarge.selector.worker;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;
import org.smalltolarge.kit.workers.ClaimedWork;
import org.smalltolarge.kit.workers.Housekeeper;
import org.smalltolarge.kit.workers.ProcessName;
import org.smalltolarge.kit.workers.WorkerSlots;
import org.smalltolarge.selector.config.SelectorConfig;
import org.smalltolarge.selector.domain.SelectionJob;
import org.smalltolarge.selector.repository.SelectionRepository;

/**
 * The selection slots of this process ({@code selector.workers}): each claims a selection with a step to do, woken
 * by the event that made it ready or found in MongoDB, and does the step with the {@link SelectionRunner}.
 * Housekeeping re-publishes selection.completed events that a crash kept from Kafka.
 */
@ApplicationScoped
public class SelectionPool implements ClaimedWork<SelectionJob> {
    private static final Logger LOG = Logger.getLogger(SelectionPool.class);
    private static final int CANDIDATES_PER_SCAN = 4;
    /** Younger than this, a missing publication is still being made by the process that stored the record. */
    private static final Duration PUBLISH_SETTLE = Duration.ofMinutes(1);

    private final SelectorConfig config;
    private final SelectionRepository selections;
    private final Instance<SelectionRunner> runner;
    private final WorkerSlots<SelectionJob> slots;
    private final Housekeeper housekeeper;

    public SelectionPool(SelectorConfig config, SelectionRepository selections, Instance<SelectionRunner> runner) {
        this.config = config;
        this.selections = selections;
        this.runner = runner;
        this.slots = new WorkerSlots<>("selection-worker", this, config, () -> { });
        this.housekeeper = new Housekeeper("selection-housekeeping", config.scanInterval())
                .task("re-publish selection.completed that a crash kept from Kafka", () -> {
                    for (SelectionJob job : selections.completionUnpublished(PUBLISH_SETTLE, CANDIDATES_PER_SCAN)) {
                        runner.get().publishCompletion(job);
                    }
                });
    }

    void start(@Observes StartupEvent event) {
        housekeeper.start();
        if (config.workers() <= 0) {
            LOG.info("selector.workers=0: this process records selections and does none of their steps");
            return;
        }
        slots.start(config.workers(), ProcessName.of("selector"));
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        housekeeper.stop(Duration.ofSeconds(30));
        slots.stop(Duration.ofSeconds(30));
    }

    /** Some idle slot of this process should try to claim this selection's next step. */
    public void wake(String id) {
        slots.wake(id);
    }

    @Override
    public Optional<SelectionJob> claim(String id, String worker) {
        return selections.claim(id, worker, config.staleClaimAfter());
    }

    @Override
    public List<String> candidates() {
        return selections.claimable(config.staleClaimAfter(), CANDIDATES_PER_SCAN);
    }

    @Override
    public void process(SelectionJob job, String worker, BooleanSupplier stopping) {
        runner.get().step(job, worker, stopping);
    }

    @Override
    public boolean renew(SelectionJob job, String worker) {
        return selections.renew(job.id(), worker);
    }

    @Override
    public void giveUp(SelectionJob job, String worker, String reason) {
        selections.fail(job.id(), worker, reason);
    }
}
