package org.smalltolarge.attribution.worker;

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
import org.smalltolarge.attribution.config.AttributionConfig;
import org.smalltolarge.attribution.domain.Attribution;
import org.smalltolarge.attribution.repository.AttributionRepository;
import org.smalltolarge.attribution.service.AttributionIntake;
import org.smalltolarge.contracts.RequestRejectedException;
import org.smalltolarge.kit.workers.ClaimedWork;
import org.smalltolarge.kit.workers.Housekeeper;
import org.smalltolarge.kit.workers.ProcessName;
import org.smalltolarge.kit.workers.WorkerSlots;
import org.smalltolarge.lm.NativeRuntime;

/**
 * The attribution slots of this process ({@code attribution.workers}): each claims an attribution whose models are
 * all trained, woken by the last training event or found in MongoDB, and computes it with the
 * {@link AttributionRunner}. Housekeeping repairs what a crash left half done: study requests and
 * attribution.completed events that never reached Kafka.
 */
@ApplicationScoped
public class AttributionPool implements ClaimedWork<Attribution> {
    private static final Logger LOG = Logger.getLogger(AttributionPool.class);
    private static final int CANDIDATES_PER_SCAN = 4;
    /** Younger than this, a missing publication is still being made by the process that stored the record. */
    private static final Duration PUBLISH_SETTLE = Duration.ofMinutes(1);

    private final AttributionConfig config;
    private final AttributionRepository attributions;
    private final Instance<AttributionRunner> runner;
    private final WorkerSlots<Attribution> slots;
    private final Housekeeper housekeeper;

    public AttributionPool(AttributionConfig config, AttributionRepository attributions,
                           Instance<AttributionRunner> runner, Instance<AttributionIntake> intake) {
        this.config = config;
        this.attributions = attributions;
        this.runner = runner;
        // native thread counts are per calling thread: each slot sets its own
        this.slots = new WorkerSlots<>("attribution-worker", this, config,
                () -> NativeRuntime.configureThreads(config.threadsPerWorker(), 1));
        this.housekeeper = new Housekeeper("attribution-housekeeping", config.scanInterval())
                .task("re-publish the models' study that a crash kept from Kafka", () -> {
                    for (Attribution a : attributions.studyUnpublished(PUBLISH_SETTLE, CANDIDATES_PER_SCAN)) {
                        try {
                            intake.get().publishStudy(a, intake.get().studySpec(a));
                        } catch (RequestRejectedException e) {
                            LOG.errorf("attribution %s no longer plans (%s): the corpus changed under it", a.id(),
                                    e.problems());
                        }
                    }
                })
                .task("re-publish attribution.completed that a crash kept from Kafka", () -> {
                    for (Attribution a : attributions.completionUnpublished(PUBLISH_SETTLE, CANDIDATES_PER_SCAN)) {
                        runner.get().publishCompletion(a);
                    }
                });
    }

    void start(@Observes StartupEvent event) {
        housekeeper.start();
        if (config.workers() <= 0) {
            LOG.info("attribution.workers=0: this process records and plans attributions, and computes none");
            return;
        }
        slots.start(config.workers(), ProcessName.of("attribution"));
        LOG.infof("%d attribution worker(s), %d thread(s) each, data in %s", config.workers(),
                config.threadsPerWorker(), config.dataDir());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        housekeeper.stop(Duration.ofSeconds(30));
        slots.stop(Duration.ofSeconds(30));
    }

    /** Some idle slot of this process should try to claim this attribution. */
    public void wake(String id) {
        slots.wake(id);
    }

    @Override
    public Optional<Attribution> claim(String id, String worker) {
        return attributions.claim(id, worker, config.staleClaimAfter());
    }

    @Override
    public List<String> candidates() {
        return attributions.claimable(config.staleClaimAfter(), CANDIDATES_PER_SCAN);
    }

    @Override
    public void process(Attribution attribution, String worker, BooleanSupplier stopping) {
        runner.get().compute(attribution, worker, stopping);
    }

    @Override
    public boolean renew(Attribution attribution, String worker) {
        return attributions.heartbeat(attribution.id(), worker, runner.get().progress(attribution.id()));
    }

    @Override
    public void giveUp(Attribution attribution, String worker, String reason) {
        attributions.fail(attribution.id(), worker, reason);
    }
}
