package org.smalltolarge.evaluator.worker;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.jboss.logging.Logger;
import org.smalltolarge.evaluator.config.EvaluatorConfig;
import org.smalltolarge.evaluator.repository.EvalStudyRepository;
import org.smalltolarge.evaluator.repository.EvaluationRepository;
import org.smalltolarge.evaluator.service.StudyAnalysisService;
import org.smalltolarge.lm.NativeRuntime;

/**
 * The evaluation slots of this process ({@code evaluator.workers}). Each slot takes a run id woken by a Kafka
 * event, or, when idle, finds work in MongoDB: runs nobody scores (lost wake-ups, dead workers, plans that
 * arrived late), predictions whose event never reached Kafka, complete studies whose analysis is not out.
 */
@ApplicationScoped
public class EvaluationPool {
    private static final Logger LOG = Logger.getLogger(EvaluationPool.class);

    private final EvaluatorConfig config;
    private final EvaluationRepository runs;
    private final EvalStudyRepository studies;
    private final Instance<RunEvaluator> evaluator;
    private final Instance<StudyAnalysisService> analysis;
    private final LinkedBlockingQueue<String> woken = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    public EvaluationPool(EvaluatorConfig config, EvaluationRepository runs, EvalStudyRepository studies,
            Instance<RunEvaluator> evaluator, Instance<StudyAnalysisService> analysis) {
        this.config = config;
        this.runs = runs;
        this.studies = studies;
        this.evaluator = evaluator;
        this.analysis = analysis;
    }

    void start(@Observes StartupEvent event) {
        if (config.workers() <= 0) {
            LOG.info("evaluator.workers=0: this process records runs and analyses, and scores nothing");
            return;
        }
        NativeRuntime.configureThreads(config.threadsPerWorker(), 1);
        String host = hostName();
        for (int slot = 0; slot < config.workers(); slot++) {
            String worker = host + "/" + slot;
            Thread t = new Thread(() -> loop(worker), "evaluator-worker-" + slot);
            threads.add(t);
            t.start();
        }
        LOG.infof("%d evaluation worker(s), %d thread(s) each, suites from %s", config.workers(),
                config.threadsPerWorker(), config.corpusDir());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    /** Some idle slot of this process should try to claim this run. */
    public void wake(String runId) {
        woken.offer(runId);
    }

    private void loop(String worker) {
        NativeRuntime.configureThreads(config.threadsPerWorker(), 1); // on this thread: OpenMP counts per thread
        while (!stopping) {
            try {
                Optional<Document> claimed = next(worker);
                if (claimed.isPresent()) {
                    LOG.infof("%s evaluates run %s (attempt %d)", worker, claimed.get().getString("_id"),
                            claimed.get().getInteger("attempts", 1));
                    evaluator.get().evaluate(claimed.get(), worker);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // MongoDB or Kafka unreachable for a moment: wait, then look again; never let a slot die.
                LOG.warnf(e, "%s: %s; retrying after the scan interval", worker, e.getMessage());
                sleep(config.scanInterval().toMillis());
            }
        }
    }

    /** A woken run if one arrives within the scan interval, else work found in MongoDB; claimed or empty. */
    private Optional<Document> next(String worker) throws InterruptedException {
        String runId = woken.poll(config.scanInterval().toMillis(), TimeUnit.MILLISECONDS);
        if (stopping) {
            return Optional.empty();
        }
        if (runId != null) {
            return runs.claim(runId, worker, config.staleClaimAfter());
        }
        for (Document run : runs.unpublished(java.time.Duration.ofMinutes(1), 8)) {
            evaluator.get().publishPredictions(run);
        }
        for (String studyId : studies.withoutCompleteAnalysis(32)) {
            analysis.get().analyzeIfComplete(studyId);
        }
        List<String> planned = runs.studiesAwaitingPlan().stream().filter(s -> studies.find(s).isPresent()).toList();
        for (String candidate : runs.claimable(config.staleClaimAfter(), planned, 8)) {
            Optional<Document> claimed = runs.claim(candidate, worker, config.staleClaimAfter());
            if (claimed.isPresent()) {
                return claimed;
            }
        }
        return Optional.empty();
    }

    private static String hostName() {
        String pod = System.getenv("HOSTNAME");
        if (pod != null && !pod.isBlank()) {
            return pod + "-" + ProcessHandle.current().pid();
        }
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
        } catch (java.net.UnknownHostException e) {
            return "evaluator-" + ProcessHandle.current().pid();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
