package org.smalltolarge.attribution.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.smalltolarge.attribution.config.AttributionConfig;
import org.smalltolarge.attribution.domain.Attribution;
import org.smalltolarge.attribution.domain.AttributionPlan;
import org.smalltolarge.attribution.repository.AttributionRepository;
import org.smalltolarge.attribution.worker.AttributionPool;
import org.smalltolarge.contracts.RequestRejectedException;
import org.smalltolarge.contracts.events.AttributionRejected;
import org.smalltolarge.contracts.events.AttributionRequested;
import org.smalltolarge.contracts.events.StudyRejected.FieldProblem;
import org.smalltolarge.contracts.events.StudyRejected;
import org.smalltolarge.contracts.events.StudyRequested;
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.contracts.events.TrainingFailed;
import org.smalltolarge.corpus.Corpora;
import org.smalltolarge.corpus.Corpus;
import org.smalltolarge.kit.messaging.EventPublisher;
import org.smalltolarge.lm.CheckpointException;
import org.smalltolarge.lm.CheckpointRef;
import org.smalltolarge.lm.CheckpointStore;
import org.smalltolarge.lm.CheckpointStores;
import org.smalltolarge.spec.FieldError;
import org.smalltolarge.spec.PlannedRun;
import org.smalltolarge.spec.SpecLimits;
import org.smalltolarge.spec.StudyPlanner;
import org.smalltolarge.spec.StudySpecs;
import org.smalltolarge.spec.Validation;

/**
 * Turns an attribution request into a stored plan and the study that trains its models, or into an
 * attribution.rejected; records trained models as the trainer announces them. Replaying any of these events changes
 * nothing: the attribution is stored once under its id, a model once under its run id.
 */
@ApplicationScoped
public class AttributionIntake {
    private static final Logger LOG = Logger.getLogger(AttributionIntake.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    // file: and s3:// checkpoints (the latter fetched into S2L_CHECKPOINT_CACHE_DIR)
    private static final CheckpointStore CHECKPOINTS = CheckpointStores.forReading();
    /** The trainer applies its own limits; these only keep an absurd plan from being stored here. */
    private static final SpecLimits PLAN_LIMITS = new SpecLimits(Long.MAX_VALUE, Long.MAX_VALUE, 1 << 20, 100_000);

    private final AttributionConfig config;
    private final AttributionRepository attributions;
    private final EventPublisher events;
    private final AttributionPool pool;
    private final Corpora corpora;

    public AttributionIntake(AttributionConfig config, AttributionRepository attributions, EventPublisher events,
                             AttributionPool pool) {
        this.config = config;
        this.corpora = new Corpora(Path.of(config.corpusDir()));
        this.attributions = attributions;
        this.events = events;
        this.pool = pool;
    }

    public Corpus corpus(String name) {
        return corpora.open(name);
    }

    public void submit(AttributionRequested request) {
        if (attributions.find(request.attributionId()).isPresent()) {
            LOG.infof("attribution %s is already known; the request is a replay", request.attributionId());
            return;
        }
        AttributionPlan plan;
        try {
            plan = AttributionPlan.resolve(request, corpus(request.corpus()));
        } catch (RequestRejectedException e) {
            reject(request.attributionId(), e.problems());
            return;
        } catch (RuntimeException e) { // an unreadable corpus folder, for instance
            reject(request.attributionId(), List.of(new FieldProblem("corpus", e.getMessage())));
            return;
        }
        JsonNode spec = JSON.valueToTree(plan.studySpec());
        Validation validation = StudySpecs.validate(spec, PLAN_LIMITS, corpus(request.corpus()).domains());
        if (!validation.valid()) {
            List<FieldProblem> problems = new ArrayList<>();
            for (FieldError error : validation.errors()) {
                problems.add(new FieldProblem("", "the models' study is invalid at " + error.path() + ": "
                        + error.reason()));
            }
            reject(request.attributionId(), problems);
            return;
        }
        Map<String, Attribution.ModelKey> runs = new LinkedHashMap<>();
        for (PlannedRun run : StudyPlanner.plan(validation.spec())) {
            runs.put(run.runId(), new Attribution.ModelKey(run.scale().name(), run.distribution().name()));
        }
        if (attributions.insertIfAbsent(request, plan.studyId(), runs)) {
            publishStudy(attributions.find(request.attributionId()).orElseThrow(), spec);
        }
    }

    /** Publishes the models' study (again, after a crash kept it from Kafka: the trainer takes a replay as one). */
    public void publishStudy(Attribution attribution, JsonNode spec) {
        events.publish(new StudyRequested(attribution.studyId(), spec, Instant.now(), "attribution-service:"
                + attribution.id()));
        attributions.markStudyPublished(attribution.id());
        LOG.infof("attribution %s: %d models requested as study %s", attribution.id(), attribution.modelsPlanned(),
                attribution.studyId());
    }

    /** The study spec of a stored attribution, rebuilt from its request (the plan is a function of it). */
    public JsonNode studySpec(Attribution attribution) throws RequestRejectedException {
        return JSON.valueToTree(AttributionPlan.resolve(attribution.request(), corpus(attribution.request().corpus()))
                .studySpec());
    }

    /** Answers with attribution.rejected.v1 (nothing is stored). */
    public void reject(String id, List<FieldProblem> problems) {
        LOG.infof("attribution %s rejected: %s", id, problems);
        events.publish(new AttributionRejected(id, problems, Instant.now()));
    }

    /**
     * Records a trained model of an attribution's study. An announcement whose checkpoint is not the run's own final
     * one (another run's, an unfinished one, a mismatch) is ignored with a warning: anyone on the bus can publish
     * one, and the run's genuine announcement is still to come or already recorded.
     */
    public void modelCompleted(TrainingCompleted completed) {
        attributions.ofStudy(completed.studyId()).filter(a -> a.runs().containsKey(completed.runId())).ifPresent(a -> {
            CheckpointRef checkpoint = new CheckpointRef(completed.checkpointUri(), completed.checkpointSha256());
            try {
                CHECKPOINTS.fetchFinal(completed.runId(), checkpoint);
            } catch (CheckpointException e) {
                LOG.warnf("attribution %s: training.completed for run %s ignored: %s", a.id(), completed.runId(),
                        e.getMessage());
                return;
            }
            attributions.recordModel(a.id(), completed.runId(), checkpoint).ifPresent(now -> {
                if (now.status() == org.smalltolarge.attribution.domain.AttributionStatus.READY) {
                    LOG.infof("attribution %s: all %d models trained", now.id(), now.modelsPlanned());
                    pool.wake(now.id());
                }
            });
        });
    }

    public void modelFailed(TrainingFailed failed) {
        attributions.ofStudy(failed.studyId()).ifPresent(a -> {
            Attribution.ModelKey key = a.runs().get(failed.runId());
            if (key != null && attributions.failUnfinished(a.id(), "model " + key.distribution() + " at scale "
                    + key.scale() + " (run " + failed.runId() + ") failed to train: " + failed.reason())) {
                LOG.warnf("attribution %s failed: run %s failed to train", a.id(), failed.runId());
            }
        });
    }

    public void studyRejected(StudyRejected rejected) {
        attributions.ofStudy(rejected.studyId()).ifPresent(a -> {
            if (attributions.failUnfinished(a.id(), "the trainer rejected the models' study: " + rejected.errors())) {
                reject(a.id(), rejected.errors().stream().map(p -> new FieldProblem("", "the trainer rejected the "
                        + "models' study: " + p)).toList());
            }
        });
    }
}
