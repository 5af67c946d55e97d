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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.smalltolarge.contracts.Event;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.events.StudyPlanned;
import org.smalltolarge.contracts.events.StudyPlannedPart;
import org.smalltolarge.contracts.events.StudyRejected;
import org.smalltolarge.contracts.events.StudyRejected.FieldProblem;
import org.smalltolarge.contracts.events.StudyRequested;
import org.smalltolarge.contracts.events.StudyRequestedByReference;
import org.smalltolarge.contracts.events.TrainingRequested;
import org.smalltolarge.kit.messaging.EventPublisher;
import org.smalltolarge.kit.messaging.EventRefusedException;
import org.smalltolarge.spec.Distribution;
import org.smalltolarge.spec.FieldError;
import org.smalltolarge.spec.PlannedRun;
import org.smalltolarge.spec.SpecParseException;
import org.smalltolarge.spec.StudyPlanner;
import org.smalltolarge.spec.StudySpec;
import org.smalltolarge.spec.StudySpecs;
import org.smalltolarge.spec.Validation;
import org.smalltolarge.trainer.config.TrainerConfig;
import org.smalltolarge.trainer.domain.Study;
import org.smalltolarge.trainer.repository.RunRepository;
import org.smalltolarge.trainer.repository.StudyRepository;
import org.smalltolarge.trainer.repository.SubmittedSpecRepository;
import org.smalltolarge.trainer.worker.CorpusTrainingData;

/**
 * Turns a study request into stored runs and one training.requested per run, or into a study.rejected
 * listing every problem. Safe to repeat: the study and its runs are upserts keyed by their ids, and each
 * run's request is published once (a crash between storing and publishing is healed by the redelivery).
 * Every event stays small whatever the study's size: the plan goes out in parts (study.planned.v2), a study
 * whose training requests would not fit a Kafka record is refused before anything is stored, and a study whose
 * events Kafka refuses all the same is rejected instead of failing its record again and again.
 */
@ApplicationScoped
public class StudyIntake {
    private static final Logger LOG = Logger.getLogger(StudyIntake.class);
    /** Canonical JSON for digests: records in declaration order, maps by key, so a spec always hashes the same. */
    private static final ObjectMapper CANONICAL = EventJson.mapper().copy()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    /** Payload budget of one study.planned.v2 part: far below the 1 MiB Kafka takes per record by default. */
    static final int PLAN_PART_BYTES = 128 * 1024;
    /**
     * Events in flight at once: the producer batches them (one by one, each awaited, every send would pay the
     * producer's linger time), within what the channel buffers.
     */
    private static final int PUBLISH_BATCH = 256;
    /** Room in a record for its key, its CloudEvents headers and Kafka's framing, beside the payload. */
    private static final int RECORD_OVERHEAD_BYTES = 16 * 1024;
    /** Bytes a training request's seed, role and run id may add beyond those of the sample that is measured. */
    private static final int REQUEST_SLACK_BYTES = 64;

    private final TrainerConfig config;
    private final StudyRepository studies;
    private final RunRepository runs;
    private final SubmittedSpecRepository submitted;
    private final EventPublisher publisher;
    private final CorpusTrainingData corpora;
    private final int maxPayloadBytes;

    public StudyIntake(TrainerConfig config, StudyRepository studies, RunRepository runs,
            SubmittedSpecRepository submitted, EventPublisher publisher, CorpusTrainingData corpora,
            @ConfigProperty(name = "mp.messaging.outgoing.events.max.request.size", defaultValue = "1048576")
            int maxRequestSize) {
        this.config = config;
        this.corpora = corpora;
        this.studies = studies;
        this.runs = runs;
        this.submitted = submitted;
        this.publisher = publisher;
        this.maxPayloadBytes = maxRequestSize - RECORD_OVERHEAD_BYTES;
    }

    /** Validates without side effects (the REST endpoint answers 400 with these), data sources included when known. */
    public Validation validate(JsonNode spec) {
        return StudySpecs.validate(spec, config.limits(), corpora.knownSources(spec.path("corpus").asText("demo")));
    }

    /**
     * Distributions whose training requests would not fit one Kafka record (a selection of very many examples;
     * each request carries its distribution), one problem per distribution at its path; empty when all fit. Such a
     * study could never be trained as written, so it is refused before anything is stored.
     */
    public List<FieldError> oversizedRequests(StudySpec spec) {
        // A request is its distribution, its scale and a few short fields: measure one request, then swap in each
        // distribution and the widest scale, instead of encoding every run (a distribution repeats in each of its runs).
        PlannedRun sample = StudyPlanner.plan(spec).get(0);
        long fixed = bytes(trainingRequest(spec, sample)) - bytes(sample.distribution()) - bytes(sample.scale())
                + REQUEST_SLACK_BYTES;
        long widestScale = spec.scales().stream().mapToLong(StudyIntake::bytes).max().orElse(0);
        List<FieldError> problems = new ArrayList<>();
        for (int i = 0; i < spec.distributions().size(); i++) {
            Distribution d = spec.distributions().get(i);
            long size = fixed + bytes(d) + widestScale;
            if (size > maxPayloadBytes) {
                problems.add(new FieldError("distributions[" + i + "]", "each training request of '" + d.name()
                        + "' would be about " + size + " bytes (it carries the distribution), over the " + maxPayloadBytes
                        + " one Kafka record takes here (the events channel's max.request.size less "
                        + RECORD_OVERHEAD_BYTES + " for headers); split the selection into smaller distributions"));
            }
        }
        return problems;
    }

    /**
     * A study submitted over REST: stores the document as written, then publishes a study.requested.v2 that refers
     * to it, which this service's studies consumer resolves (the document itself may be far larger than a record).
     */
    public void request(String studyId, String document, String submittedBy) {
        String documentSha256 = sha256(document);
        submitted.store(documentSha256, studyId, document);
        publisher.publish(new StudyRequestedByReference(studyId, documentSha256, Instant.now(), submittedBy));
    }

    /** A study.requested.v2: the document it refers to goes the way of any study request. */
    public void accept(StudyRequestedByReference request) {
        Optional<String> document = submitted.find(request.documentSha256());
        if (document.isEmpty()) {
            reject(request.studyId(), List.of(new FieldProblem("$", "study.requested.v2 refers to a study document"
                    + " (sha256 " + request.documentSha256() + ") that this trainer has not stored; only documents"
                    + " submitted with POST /studies are stored; publish study.requested.v1 or the document itself")));
            return;
        }
        JsonNode spec;
        try {
            spec = StudySpecs.parse(document.get());
        } catch (SpecParseException e) { // stored after it parsed; kept for a document stored by other means
            reject(request.studyId(), List.of(new FieldProblem("$", e.getMessage())));
            return;
        }
        accept(new StudyRequested(request.studyId(), spec, request.submittedAt(), request.submittedBy()));
    }

    public void accept(StudyRequested request) {
        Validation validation = validate(request.spec());
        if (!validation.valid()) {
            reject(request.studyId(), problems(validation.errors()));
            return;
        }
        StudySpec spec = validation.spec();
        if (!spec.id().equals(request.studyId())) {
            reject(request.studyId(), List.of(new FieldProblem("id", "spec id '" + spec.id()
                    + "' differs from the request's study id '" + request.studyId() + "'")));
            return;
        }
        List<FieldError> oversized = oversizedRequests(spec);
        if (!oversized.isEmpty()) {
            reject(spec.id(), problems(oversized));
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
        if (stored.rejected()) {
            runs.withdrawUnpublished(spec.id(), "never requested: " + stored.rejection()); // if a crash came between
            reject(spec.id(), List.of(new FieldProblem("$", "study '" + spec.id() + "' was rejected earlier: "
                    + stored.rejection())));
            return;
        }
        runs.insertAllIfAbsent(plan.stream().map(run -> trainingRequest(spec, run)).toList());
        try {
            int parts = stored.plannedPublished() ? 0 : publishPlan(spec, plan, sha, stored.createdAt());
            int published = publishTrainingRequests(spec.id());
            LOG.infof("study %s: %d runs planned, %d plan parts and %d training requests published now", spec.id(),
                    plan.size(), parts, published);
        } catch (EventRefusedException e) {
            rejectStored(spec.id(), e);
        }
    }

    /**
     * The plan in study.planned.v2 parts; planned_at is the stored study's, so that parts published again after a
     * crash match those sent before. Returns the number of parts.
     */
    private int publishPlan(StudySpec spec, List<PlannedRun> plan, String sha, Instant plannedAt) {
        List<StudyPlannedPart> parts = StudyPlannedPart.split(planned(spec, plan, sha, plannedAt), PLAN_PART_BYTES);
        publishTogether(parts, acknowledged -> { });
        studies.markPlannedPublished(spec.id());
        return parts.size();
    }

    /** The training requests of the study's runs not yet on Kafka, each marked once the broker has it. */
    private int publishTrainingRequests(String studyId) {
        List<TrainingRequested> unpublished = runs.unpublished(studyId);
        for (int from = 0; from < unpublished.size(); from += PUBLISH_BATCH) {
            publishTogether(unpublished.subList(from, Math.min(unpublished.size(), from + PUBLISH_BATCH)),
                    acknowledged -> runs.markPublished(acknowledged.stream().map(TrainingRequested::runId).toList()));
        }
        return unpublished.size();
    }

    public void reject(String studyId, List<FieldProblem> problems) {
        LOG.infof("study %s rejected: %s", studyId, problems);
        publisher.publish(new StudyRejected(studyId, problems, Instant.now()));
    }

    /**
     * Kafka refused one of a stored study's events for what it is (too large for this deployment, say): publishing
     * it again cannot succeed, so the study is rejected with the cause, its runs not yet announced are withdrawn,
     * and the consumer goes on with the next study instead of failing this record again and again.
     */
    private void rejectStored(String studyId, EventRefusedException refused) {
        String reason = "the study was stored, but Kafka refused one of its events: " + refused.getMessage();
        studies.markRejected(studyId, reason);
        long withdrawn = runs.withdrawUnpublished(studyId, "never requested: " + reason);
        LOG.warnf("study %s: %s; %d runs withdrawn", studyId, reason, withdrawn);
        reject(studyId, List.of(new FieldProblem("$", reason)));
    }

    /**
     * Publishes the events all in flight at once, hands those the broker acknowledged to {@code acknowledged}, and
     * then throws the failure of any other: a refusal first, since it decides what becomes of the study.
     */
    private <E extends Event> void publishTogether(List<E> events, Consumer<List<E>> acknowledged) {
        List<CompletableFuture<Void>> acks = events.stream()
                .map(e -> publisher.publishAsync(e).toCompletableFuture()).toList();
        List<E> done = new ArrayList<>();
        RuntimeException failure = null;
        for (int i = 0; i < events.size(); i++) {
            try {
                acks.get(i).join();
                done.add(events.get(i));
            } catch (CompletionException | CancellationException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                RuntimeException thrown = cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
                if (failure == null || thrown instanceof EventRefusedException && !(failure instanceof EventRefusedException)) {
                    failure = thrown;
                }
            }
        }
        acknowledged.accept(done);
        if (failure != null) {
            throw failure;
        }
    }

    private static List<FieldProblem> problems(List<FieldError> errors) {
        return errors.stream().map(e -> new FieldProblem(e.path(), e.reason())).toList();
    }

    private static TrainingRequested trainingRequest(StudySpec spec, PlannedRun run) {
        return new TrainingRequested(run.runId(), spec.id(), spec.corpus(), run.distribution(), run.scale(),
                run.seed(), role(run), spec.training(), Instant.now());
    }

    private static StudyPlanned planned(StudySpec spec, List<PlannedRun> plan, String sha, Instant plannedAt) {
        return new StudyPlanned(spec.id(), sha, spec.reference(), spec.evaluation().suites(),
                spec.evaluation().maxItemsPerSuite(), plan.stream().map(run -> new StudyPlanned.PlannedRunSummary(
                        run.runId(), run.distribution().name(), run.scale().name(), run.seed(), role(run),
                        run.scale().model().parameters(), run.scale().tokenBudget(), run.flops())).toList(),
                plannedAt, spec.recommendMinCorrelation());
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

    /** Size of a value's event JSON, in UTF-8 bytes. */
    private static long bytes(Object value) {
        try {
            return EventJson.mapper().writeValueAsBytes(value).length;
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
