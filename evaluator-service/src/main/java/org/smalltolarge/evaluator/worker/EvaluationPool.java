package org.smalltolarge.evaluator.worker;

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
import org.smalltolarge.evaluator.config.EvaluatorConfig;
import org.smalltolarge.evaluator.domain.Evaluation;
import org.smalltolarge.evaluator.repository.EvalStudyRepository;
import org.smalltolarge.evaluator.repository.EvaluationRepository;
import org.smalltolarge.evaluator.service.StudyAnalysisService;
import org.smalltolarge.kit.workers.ClaimedWork;
import org.smalltolarge.kit.workers.Housekeeper;
import org.smalltolarge.kit.workers.ProcessName;
import org.smalltolarge.kit.workers.WorkerSlots;
import org.smalltolarge.lm.NativeRuntime;

/**
 * The evaluation slots of this process ({@code evaluator.workers}): each claims runs woken by a Kafka event, or,
 * when idle, found in MongoDB (lost wake-ups, dead workers, plans that arrived late), and scores them with the
 * {@link RunEvaluator}. Beside them, housekeeping repairs what a crash left half done: predictions whose event
 * never reached Kafka, complete studies whose analysis is not out.
 */
@ApplicationScoped
public class EvaluationPool implements ClaimedWork<Evaluation> {
    private static final Logger LOG = Logger.getLogger(EvaluationPool.class);
    private static final int CANDIDATES_PER_SCAN = 8;
    /** An evaluated run younger than this is still being published by the worker that scored it. */
    private static final Duration PUBLISH_SETTLE = Duration.ofMinutes(1);

    private final EvaluatorConfig config;
    private final EvaluationRepository runs;
    private final EvalStudyRepository studies;
    private final Instance<RunEvaluator> evaluator;
    private final WorkerSlots<Evaluation> slots;
    private final Housekeeper housekeeper;

    public EvaluationPool(EvaluatorConfig config, EvaluationRepository runs, EvalStudyRepository studies,
            Instance<RunEvaluator> evaluator, Instance<StudyAnalysisService> analysis) {
        this.config = config;
        this.runs = runs;
        this.studies = studies;
        this.evaluator = evaluator;
        // native thread counts are per calling thread: each slot sets its own
        this.slots = new WorkerSlots<>("evaluator-worker", this, config,
                () -> NativeRuntime.configureThreads(config.threadsPerWorker(), 1));
        this.housekeeper = new Housekeeper("evaluator-housekeeping", config.scanInterval())
                .task("re-publish predictions.ready that a crash kept from Kafka", () -> {
                    for (Evaluation run : runs.unpublished(PUBLISH_SETTLE, CANDIDATES_PER_SCAN)) {
                        evaluator.get().publishPredictions(run);
                    }
                })
                .task("analyse complete studies whose analysis is not out, and refresh live partial ones", () -> {
                    for (String studyId : studies.withoutCompleteAnalysis(32)) {
                        // runs that finished within a live-analysis interval of each other get their update here
                        analysis.get().runEvaluated(studyId);
                    }
                });
    }

    void start(@Observes StartupEvent event) {
        if (config.workers() <= 0) {
            LOG.info("evaluator.workers=0: this process records runs and analyses, and scores nothing");
            return;
        }
        slots.start(config.workers(), ProcessName.of("evaluator"));
        housekeeper.start();
        LOG.infof("%d evaluation worker(s), %d thread(s) each, suites from %s", config.workers(),
                config.threadsPerWorker(), config.corpusDir());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        housekeeper.stop(Duration.ofSeconds(30));
        slots.stop(Duration.ofSeconds(30));
    }

    /** Some idle slot of this process should try to claim this run. */
    public void wake(String runId) {
        slots.wake(runId);
    }

    @Override
    public Optional<Evaluation> claim(String runId, String worker) {
        return runs.claim(runId, worker, config.staleClaimAfter());
    }

    @Override
    public List<String> candidates() {
        List<String> planned = runs.studiesAwaitingPlan().stream().filter(s -> studies.find(s).isPresent()).toList();
        return runs.claimable(config.staleClaimAfter(), planned, CANDIDATES_PER_SCAN);
    }

    @Override
    public void process(Evaluation run, String worker, BooleanSupplier stopping) {
        evaluator.get().evaluate(run, worker, stopping);
    }

    @Override
    public boolean renew(Evaluation run, String worker) {
        return runs.heartbeat(run.runId(), worker);
    }


    @Override
    public void giveUp(Evaluation run, String worker, String reason) {
        runs.fail(run.runId(), worker, reason);
    }

}
