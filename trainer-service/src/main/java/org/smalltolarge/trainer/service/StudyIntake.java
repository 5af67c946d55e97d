package org.smalltolarge.trainer.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.events.StudyPlanned;
import org.smalltolarge.contracts.events.StudyRejected;
import org.smalltolarge.contracts.events.StudyRejected.FieldProblem;
import org.smalltolarge.contracts.events.StudyRequested;
import org.smalltolarge.contracts.events.TrainingRequested;
import org.smalltolarge.spec.FieldError;
import org.smalltolarge.spec.PlannedRun;
import org.smalltolarge.spec.StudyPlanner;
import org.smalltolarge.spec.StudySpec;
import org.smalltolarge.spec.StudySpecs;
import org.smalltolarge.spec.Validation;
import org.smalltolarge.trainer.config.TrainerConfig;
import org.smalltolarge.kit.messaging.EventPublisher;
import org.smalltolarge.trainer.domain.Study;
import org.smalltolarge.trainer.repository.RunRepository;
import org.smalltolarge.trainer.repository.StudyRepository;
import org.smalltolarge.trainer.worker.CorpusTrainingData;

/**
 * Turns a study request into stored runs and one training.requested per run, or into a study.rejected
 * listing every problem. Safe to repeat: the study and its runs are upserts keyed by their ids, and each
 * run's request is published once (a crash between storing and publishing is healed by the redelivery).
 */
@ApplicationScoped
public class StudyIntake {
    private static final Logger LOG = Logger.getLogger(StudyIntake.class);
    /** Canonical JSON for digests: records in declaration order, maps by key, so a spec always hashes the same. */
    private static final ObjectMapper CANONICAL = EventJson.mapper().copy()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final TrainerConfig config;
    private final StudyRepository studies;
    private final RunRepository runs;
    private final EventPublisher publisher;
    private final CorpusTrainingData corpora;

    public StudyIntake(TrainerConfig config, StudyRepository studies, RunRepository runs, EventPublisher publisher,
            CorpusTrainingData corpora) {
        this.config = config;
        this.corpora = corpora;
        this.studies = studies;
        this.runs = runs;
        this.publisher = publisher;
    }

    /** Validates without side effects (the REST endpoint answers 400 with these), data sources included when known. */
    public Validation validate(JsonNode spec) {
        return StudySpecs.validate(spec, config.limits(), corpora.knownSources(spec.path("corpus").asText("demo")));
    }

    public void accept(StudyRequested request) {
        Validation validation = validate(request.spec());
        if (!validation.valid()) {
            reject(request.studyId(), validation.errors().stream().map(e -> new FieldProblem(e.path(), e.reason())).toList());
            return;
        }
        StudySpec spec = validation.spec();
        if (!spec.id().equals(request.studyId())) {
            reject(request.studyId(), List.of(new FieldProblem("id", "spec id '" + spec.id()
                    + "' differs from the request's study id '" + request.studyId() + "'")));
            return;
        }
        List<PlannedRun> plan = StudyPlanner.plan(spec);
        String canonical = canonicalJson(spec);
        String sha = sha256(canonical);
        Study stored = studies.insertIfAbsent(spec.id(), canonical, sha,
                plan.stream().map(PlannedRun::runId).toList(), request.submittedBy());
        if (!sha.equals(stored.specSha256())) {
            reject(spec.id(), List.of(new FieldProblem("id", "study '" + spec.id()
                    + "' already exists with a different spec (sha256 " + stored.specSha256()
                    + "); give the changed study a new id")));
            return;
        }
        for (PlannedRun run : plan) {
            runs.insertIfAbsent(trainingRequest(spec, run), false);
        }
        if (!stored.plannedPublished()) {
            publisher.publish(planned(spec, plan, sha));
            studies.markPlannedPublished(spec.id());
        }
        int published = 0;
        for (TrainingRequested event : runs.unpublished(spec.id())) {
            publisher.publish(event);
            runs.markPublished(event.runId());
            published++;
        }
        LOG.infof("study %s: %d runs planned, %d training requests published now", spec.id(), plan.size(), published);
    }

    public void reject(String studyId, List<FieldProblem> problems) {
        LOG.infof("study %s rejected: %s", studyId, problems);
        publisher.publish(new StudyRejected(studyId, problems, Instant.now()));
    }

    private static TrainingRequested trainingRequest(StudySpec spec, PlannedRun run) {
        return new TrainingRequested(run.runId(), spec.id(), spec.corpus(), run.distribution(), run.scale(),
                run.seed(), role(run), spec.training(), Instant.now());
    }

    private static StudyPlanned planned(StudySpec spec, List<PlannedRun> plan, String sha) {
        return new StudyPlanned(spec.id(), sha, spec.reference(), spec.evaluation().suites(),
                spec.evaluation().maxItemsPerSuite(), plan.stream().map(run -> new StudyPlanned.PlannedRunSummary(
                        run.runId(), run.distribution().name(), run.scale().name(), run.seed(), role(run),
                        run.scale().model().parameters(), run.scale().tokenBudget(), run.flops())).toList(),
                Instant.now());
    }

    private static String role(PlannedRun run) {
        return run.role().name().toLowerCase(Locale.ROOT);
    }

    private static String canonicalJson(Object value) {
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
