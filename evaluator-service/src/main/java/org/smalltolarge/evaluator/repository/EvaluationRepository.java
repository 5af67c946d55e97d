package org.smalltolarge.evaluator.repository;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.evaluator.domain.Evaluation;
import org.smalltolarge.evaluator.domain.Evaluation.ScoredCheckpoint;
import org.smalltolarge.evaluator.domain.Evaluation.SuiteSummary;
import org.smalltolarge.evaluator.domain.EvaluationStatus;
import org.smalltolarge.kit.claims.ClaimStates;
import org.smalltolarge.kit.claims.ClaimStore;
import org.smalltolarge.kit.metrics.ItemStatusGauges;

/**
 * Evaluations, one document per run id (collection {@code eval_runs}), with an explicit {@link EvaluationStatus};
 * {@code predictions_published} once predictions.ready is on Kafka. Workers own evaluations through the
 * {@link ClaimStore} (one findOneAndUpdate, renewed by heartbeats; no transactions).
 */
@ApplicationScoped
public class EvaluationRepository {
    static final ClaimStates STATES = new ClaimStates(EvaluationStatus.EVALUATING.stored(),
            List.of(EvaluationStatus.PENDING.stored(), EvaluationStatus.AWAITING_PLAN.stored()), "received_at");

    private final MongoCollection<Document> runs;
    private final ClaimStore<Evaluation> claims;

    public EvaluationRepository(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.runs = mongo.getDatabase(database).getCollection("eval_runs");
        runs.createIndex(Indexes.ascending("study_id"));
        this.claims = new ClaimStore<>(runs, STATES, EvaluationRepository::read);
        ItemStatusGauges.register(runs,
                Arrays.stream(EvaluationStatus.values()).map(EvaluationStatus::stored).toList());
    }

    /** Records a completed run unless it is known; true when this call recorded it (a first delivery). */
    public boolean insertIfAbsent(TrainingCompleted completed) {
        return runs.updateOne(eq("_id", completed.runId()), Updates.combine(
                Updates.setOnInsert("study_id", completed.studyId()),
                Updates.setOnInsert(ClaimStore.STATUS, EvaluationStatus.PENDING.stored()),
                Updates.setOnInsert("completed", Document.parse(EventJson.encode(completed))),
                Updates.setOnInsert("predictions_published", false),
                Updates.setOnInsert("received_at", Date.from(Instant.now()))), new UpdateOptions().upsert(true))
                .getUpsertedId() != null;
    }

    /**
     * Keeps a training.completed that names another checkpoint than the one recorded for a run not evaluated yet,
     * as an alternative to try if the recorded one is refused (the first event may be a forgery or a mistake, and
     * must not hide the genuine one). True when it was kept; a repeat of a known event is not.
     */
    public boolean keepAlternative(TrainingCompleted completed) {
        return runs.updateOne(and(eq("_id", completed.runId()),
                        ne(ClaimStore.STATUS, EvaluationStatus.EVALUATED.stored()),
                        or(ne("completed.checkpoint_uri", completed.checkpointUri()),
                                ne("completed.checkpoint_sha256", completed.checkpointSha256()))),
                Updates.addToSet("alternatives", Document.parse(EventJson.encode(completed)))).getModifiedCount() == 1;
    }

    /**
     * A refused run with an alternative announcement goes back to pending with the next one, and the refusal is kept
     * in its history; true when that happened (the run is worth scoring again).
     */
    public boolean retryWithAlternative(String runId) {
        Document run = runs.find(and(eq("_id", runId), eq(ClaimStore.STATUS, EvaluationStatus.FAILED.stored())))
                .first();
        List<Document> alternatives = run == null ? List.of() : run.getList("alternatives", Document.class, List.of());
        if (alternatives.isEmpty()) {
            return false;
        }
        Document refused = run.get("completed", Document.class);
        return runs.updateOne(and(eq("_id", runId), eq(ClaimStore.STATUS, EvaluationStatus.FAILED.stored()),
                        eq("completed.checkpoint_sha256", refused.getString("checkpoint_sha256")),
                        eq("completed.checkpoint_uri", refused.getString("checkpoint_uri"))),
                Updates.combine(Updates.set(ClaimStore.STATUS, EvaluationStatus.PENDING.stored()),
                        Updates.set("completed", alternatives.get(0)), Updates.popFirst("alternatives"),
                        Updates.unset("failure"), Updates.unset("failed_at"), Updates.unset(ClaimStore.WORKER),
                        Updates.push("history", new Document("at", new Date()).append("note", "refused "
                                + refused.getString("checkpoint_uri") + " (" + run.getString("failure")
                                + "); trying the next announced checkpoint")))).getModifiedCount() == 1;
    }

    /** Claims a run nobody evaluates: pending, awaiting its plan, or evaluating under a stale claim. */
    public Optional<Evaluation> claim(String runId, String worker, Duration staleAfter) {
        return claims.claim(runId, worker, staleAfter);
    }

    /** Runs a worker could claim now, oldest first; runs awaiting their plan only when their study is known. */
    public List<String> claimable(Duration staleAfter, List<String> knownStudies, int limit) {
        Bson ready = or(eq(ClaimStore.STATUS, EvaluationStatus.PENDING.stored()),
                and(eq(ClaimStore.STATUS, EvaluationStatus.AWAITING_PLAN.stored()), in("study_id", knownStudies)));
        return claims.claimable(ready, staleAfter, limit);
    }

    /** Study ids of runs waiting for their plan. */
    public List<String> studiesAwaitingPlan() {
        return runs.distinct("study_id", eq(ClaimStore.STATUS, EvaluationStatus.AWAITING_PLAN.stored()), String.class)
                .into(new ArrayList<>());
    }

    /** Renews the claim; false when another worker took the run over. */
    public boolean heartbeat(String runId, String worker) {
        return claims.renew(runId, worker);
    }

    /** Gives the run back to wait for its study's plan (study.planned not received yet). */
    public void awaitPlan(String runId, String worker) {
        claims.release(runId, worker, EvaluationStatus.AWAITING_PLAN.stored());
    }

    /** Gives a claimed run back, saying why, so that a worker retries it at its next scan. */
    public void release(String runId, String worker, String reason) {
        claims.release(runId, worker, EvaluationStatus.PENDING.stored(), Updates.set("waiting_reason", reason));
    }

    public boolean evaluated(String runId, String worker, List<SuiteSummary> suites, ScoredCheckpoint checkpoint) {
        List<Document> summaries = suites.stream().map(s -> new Document("suite", s.suite())
                .append("content_hash", s.contentHash()).append("kind", s.kind()).append("items", s.items())
                .append("mean_loss", s.meanLoss()).append("accuracy", s.accuracy())).toList();
        return claims.finish(runId, worker, EvaluationStatus.EVALUATED.stored(), Updates.unset("waiting_reason"),
                Updates.set("suites", summaries), Updates.set("checkpoint", new Document("path", checkpoint.path())
                        .append("manifest_sha256", checkpoint.manifestSha256())),
                Updates.set("evaluated_at", new Date()));
    }

    public boolean fail(String runId, String worker, String reason) {
        return claims.finish(runId, worker, EvaluationStatus.FAILED.stored(), Updates.set("failure", reason),
                Updates.set("failed_at", new Date()));
    }

    public void markPredictionsPublished(String runId) {
        runs.updateOne(eq("_id", runId), Updates.set("predictions_published", true));
    }

    /**
     * Evaluated runs whose predictions.ready never reached Kafka (the process died in between). Only runs
     * evaluated before {@code settledFor} ago: a worker that just finished is publishing them itself.
     */
    public List<Evaluation> unpublished(Duration settledFor, int limit) {
        Date before = Date.from(Instant.now().minus(settledFor));
        return runs.find(and(eq(ClaimStore.STATUS, EvaluationStatus.EVALUATED.stored()),
                eq("predictions_published", false), lt("evaluated_at", before))).limit(limit)
                .map(EvaluationRepository::read).into(new ArrayList<>());
    }

    public List<Evaluation> ofStudy(String studyId) {
        return claims.list(eq("study_id", studyId));
    }

    public Optional<Evaluation> find(String runId) {
        return claims.find(runId);
    }

    static Evaluation read(Document d) {
        Document completed = d.get("completed", Document.class);
        Document checkpoint = d.get("checkpoint", Document.class);
        List<SuiteSummary> suites = d.getList("suites", Document.class, List.of()).stream()
                .map(s -> new SuiteSummary(s.getString("suite"), s.getString("content_hash"), s.getString("kind"),
                        s.getInteger("items"), s.get("mean_loss", Number.class).doubleValue(),
                        s.get("accuracy") == null ? null : s.get("accuracy", Number.class).doubleValue()))
                .toList();
        return new Evaluation(d.getString("_id"), d.getString("study_id"),
                EvaluationStatus.ofStored(d.getString(ClaimStore.STATUS)),
                completed == null ? null : EventJson.decode(EventType.TRAINING_COMPLETED, completed.toJson()),
                d.getBoolean("predictions_published", false), d.getString(ClaimStore.WORKER),
                d.getInteger(ClaimStore.ATTEMPTS, 0), d.getInteger(ClaimStore.TAKEOVERS, 0),
                d.getString("waiting_reason"), suites,
                checkpoint == null ? null
                        : new ScoredCheckpoint(checkpoint.getString("path"), checkpoint.getString("manifest_sha256")),
                d.getString("failure"), instant(d, "received_at"), instant(d, "evaluated_at"), instant(d, "failed_at"));
    }

    private static Instant instant(Document d, String field) {
        Date date = d.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
