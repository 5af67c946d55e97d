package org.smalltolarge.evaluator.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;
import org.smalltolarge.contracts.events.PredictionsReady;
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.corpus.eval.EvalSuite;
import org.smalltolarge.corpus.eval.EvalSuites;
import org.smalltolarge.evaluator.analysis.PlannedRunRef;
import org.smalltolarge.evaluator.analysis.SuitePredictions;
import org.smalltolarge.evaluator.config.EvaluatorConfig;
import org.smalltolarge.evaluator.domain.Evaluation;
import org.smalltolarge.evaluator.domain.Evaluation.ScoredCheckpoint;
import org.smalltolarge.evaluator.domain.Evaluation.SuiteSummary;
import org.smalltolarge.evaluator.domain.PlannedStudy;
import org.smalltolarge.evaluator.repository.EvalStudyRepository;
import org.smalltolarge.evaluator.repository.EvaluationRepository;
import org.smalltolarge.evaluator.repository.PredictionRepository;
import org.smalltolarge.evaluator.scoring.SuiteScorer;
import org.smalltolarge.evaluator.service.StudyAnalysisService;
import org.smalltolarge.kit.messaging.EventPublisher;
import org.smalltolarge.lm.CheckpointException;
import org.smalltolarge.lm.CheckpointRef;
import org.smalltolarge.corpus.Corpora;
import org.smalltolarge.lm.CheckpointStore;
import org.smalltolarge.lm.CheckpointStores;
import org.smalltolarge.lm.LoadedModel;

/**
 * Evaluates one claimed run: checks that the checkpoint is the one training announced (sha256 of its
 * manifest), loads it (which re-hashes every file), scores every item of the study's suites, stores the
 * per-example results, publishes predictions.ready, and lets the analysis know. A checkpoint that is not the
 * announced one, or cannot be read, is refused: the run is recorded as failed with the reason, nothing is scored.
 */
@ApplicationScoped
public class RunEvaluator {
    private static final Logger LOG = Logger.getLogger(RunEvaluator.class);
    private static final Counter SCORED_ITEMS = Metrics.counter("s2l.scored.items");
    // file: and s3:// checkpoints (the latter fetched into S2L_CHECKPOINT_CACHE_DIR)
    private static final CheckpointStore CHECKPOINTS = CheckpointStores.forReading();

    private final EvaluatorConfig config;
    private final EvalStudyRepository studies;
    private final EvaluationRepository runs;
    private final PredictionRepository predictions;
    private final EventPublisher publisher;
    private final StudyAnalysisService analysis;
    private final Map<String, Map<String, EvalSuite>> suiteCache = new ConcurrentHashMap<>();
    private final Corpora corpora;

    public RunEvaluator(EvaluatorConfig config, EvalStudyRepository studies, EvaluationRepository runs,
            PredictionRepository predictions, EventPublisher publisher, StudyAnalysisService analysis) {
        this.config = config;
        this.studies = studies;
        this.runs = runs;
        this.predictions = predictions;
        this.publisher = publisher;
        this.analysis = analysis;
        this.corpora = new Corpora(Path.of(config.corpusDir()));
    }

    /** A refusal: the run cannot be evaluated as it is, and retrying would not help. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason);
        }

        Refused(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** Scoring stopped early: the process is shutting down or another worker took the run over. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    /** This deployment cannot score now (its suites are missing or broken): not the run's fault, so it waits. */
    static final class SuitesUnavailable extends Exception {
        SuitesUnavailable(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** Evaluates the run {@code worker} has claimed; stops between suites once {@code stopping} says so. */
    public void evaluate(Evaluation claimed, String worker, BooleanSupplier stopping) {
        TrainingCompleted completed = claimed.completed();
        String runId = completed.runId();
        Optional<PlannedStudy> study = studies.find(completed.studyId());
        if (study.isEmpty()) {
            LOG.infof("run %s waits for the plan of study %s (study.planned not received yet)", runId,
                    completed.studyId());
            runs.awaitPlan(runId, worker);
            return;
        }
        List<SuiteSummary> summaries;
        ScoredCheckpoint checkpointInfo;
        try {
            PlannedRunRef plannedRun = plannedRun(study.get(), runId);
            Path dir = verifiedCheckpoint(completed);
            Map<String, EvalSuite> suites = suites(study.get());
            checkpointInfo = new ScoredCheckpoint(dir.toString(), completed.checkpointSha256());
            score(completed, dir, suites, stopping);
            release(dir);
            summaries = summaries(runId, suites.keySet());
            LOG.infof("run %s (%s at %s) scored on %s", runId, plannedRun.distribution(), plannedRun.scale(),
                    suites.keySet());
        } catch (Stopped e) {
            // a stopping process hands the run back at once; a lost claim is the new owner's business
            LOG.infof("run %s: scoring stopped by %s; suites stored so far are kept", runId, worker);
            runs.release(runId, worker, "handed back by " + worker + " while stopping");
            return;
        } catch (SuitesUnavailable e) {
            LOG.warnf("run %s waits: %s", runId, e.getMessage());
            runs.release(runId, worker, e.getMessage());
            return;
        } catch (Refused e) {
            LOG.warnf("run %s refused: %s", runId, e.getMessage());
            if (runs.fail(runId, worker, e.getMessage()) && runs.retryWithAlternative(runId)) {
                LOG.infof("run %s: another announced checkpoint is tried next", runId);
            }
            return;
        } catch (com.mongodb.MongoException e) {
            throw e; // the store is unreachable: the claim goes stale and the run is retried
        } catch (RuntimeException | OutOfMemoryError e) {
            // Loading and scoring are deterministic: retrying the same checkpoint would fail the same way.
            LOG.errorf(e, "run %s could not be scored", runId);
            runs.fail(runId, worker, "scoring failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        if (!runs.evaluated(runId, worker, summaries, checkpointInfo)) {
            LOG.warnf("run %s: claim lost by %s before it was recorded; the new owner finishes it", runId, worker);
            return;
        }
        publishPredictions(runs.find(runId).orElseThrow());
    }

    /** Publishes predictions.ready for an evaluated run, records that it is sent, and advances the analysis. */
    public void publishPredictions(Evaluation run) {
        List<PredictionsReady.SuiteSummary> suites = run.suites().stream()
                .map(s -> new PredictionsReady.SuiteSummary(s.suite(), s.contentHash(), s.items(), s.meanLoss(),
                        s.accuracy()))
                .toList();
        publisher.publish(new PredictionsReady(run.runId(), run.studyId(), suites, Instant.now()));
        runs.markPredictionsPublished(run.runId());
        analysis.runEvaluated(run.studyId());
    }

    private static PlannedRunRef plannedRun(PlannedStudy study, String runId) throws Refused {
        return study.runs().stream().filter(r -> runId.equals(r.runId())).findFirst()
                .orElseThrow(() -> new Refused("run '" + runId + "' is not among the runs planned for study '"
                        + study.studyId() + "'"));
    }

    /**
     * The checkpoint directory, once its manifest's sha256 equals the announced one and it is the run's own final
     * checkpoint ({@code .../<run id>/step-N} at its last step: an announcement naming another run's checkpoint is
     * refused); the store's refusal (not a URI, not a file: or s3:// URI, nothing there, unreadable, mismatch, another
     * run's) becomes the run's failure reason. An {@code s3://} checkpoint is fetched into S2L_CHECKPOINT_CACHE_DIR
     * first.
     */
    static Path verifiedCheckpoint(TrainingCompleted completed) throws Refused {
        try {
            return CHECKPOINTS.fetchFinal(completed.runId(), new CheckpointRef(completed.checkpointUri(),
                    completed.checkpointSha256()));
        } catch (CheckpointException e) {
            throw new Refused(e.getMessage(), e);
        }
    }

    /** A fetched s3:// copy leaves the cache once scored (a run is scored once; a stopped one keeps it to resume). */
    private static void release(Path dir) {
        try {
            CHECKPOINTS.release(dir);
        } catch (IOException e) {
            LOG.warnf("cannot delete the fetched checkpoint %s: %s", dir, e.getMessage());
        }
    }

    private Map<String, EvalSuite> suites(PlannedStudy study) throws SuitesUnavailable {
        List<String> names = study.suites();
        int max = study.maxItemsPerSuite();
        String key = String.join(",", names) + "@" + max;
        try {
            // with S2L_CORPUS_URI set, the corpus (suites included) is fetched and verified at first use
            return suiteCache.computeIfAbsent(key, k -> EvalSuites.load(corpora.demoDirFetched(), names, max));
        } catch (RuntimeException e) {
            throw new SuitesUnavailable("cannot load suites " + names + " from " + config.corpusDir()
                    + " (evaluator.corpus-dir): " + e.getMessage() + "; retried at the next scan", e);
        }
    }

    private void score(TrainingCompleted completed, Path dir, Map<String, EvalSuite> suites, BooleanSupplier stopping)
            throws Refused {
        LoadedModel loaded;
        try {
            loaded = LoadedModel.open(dir, config.device()); // re-hashes every file against the manifest
        } catch (IOException e) {
            throw new Refused("checkpoint " + dir + " cannot be loaded: " + e.getMessage(), e);
        }
        try (loaded) {
            SuiteScorer scorer = new SuiteScorer(loaded.model(), config.batchSize());
            for (EvalSuite suite : suites.values()) {
                if (stopping.getAsBoolean()) { // shutting down or the claim was lost: whoever owns it next goes on
                    throw new Stopped();
                }
                SuitePredictions p;
                try {
                    p = scorer.score(suite);
                } catch (IllegalArgumentException e) {
                    throw new Refused("suite '" + suite.name() + "' cannot be scored: " + e.getMessage(), e);
                }
                predictions.insertIfAbsent(completed.runId(), completed.studyId(), p);
                SCORED_ITEMS.increment(p.size()); // its rate is the scoring speed, items/s
            }
        }
    }

    /** Per-suite summary from what is stored (the first stored result wins, also after a retried evaluation). */
    private List<SuiteSummary> summaries(String runId, java.util.Set<String> suiteNames) {
        List<SuiteSummary> out = new ArrayList<>();
        for (SuitePredictions p : predictions.ofRun(runId)) {
            if (!suiteNames.contains(p.suite())) {
                continue;
            }
            double sum = 0;
            for (double l : p.losses()) {
                sum += l;
            }
            Double accuracy = null;
            if (p.correct() != null) {
                int right = 0;
                for (boolean c : p.correct()) {
                    right += c ? 1 : 0;
                }
                accuracy = right / (double) p.size();
            }
            out.add(new SuiteSummary(p.suite(), p.contentHash(), p.kind(), p.size(), sum / p.size(), accuracy));
        }
        out.sort(java.util.Comparator.comparing(SuiteSummary::suite));
        return out;
    }
}
