package org.smalltolarge.evaluator.repository;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.events.TrainingCompleted;

/**
 * Evaluations, one document per run id (collection {@code eval_runs}), with an explicit status:
 * <ul>
 *   <li>{@code pending}: the run's training.completed is recorded, nobody scores it yet;</li>
 *   <li>{@code awaiting_plan}: its study's plan has not arrived (topics are not ordered with each other);</li>
 *   <li>{@code evaluating}: claimed by a worker, which renews {@code heartbeat_at};</li>
 *   <li>{@code evaluated}: predictions stored; {@code predictions_published} once predictions.ready is on Kafka;</li>
 *   <li>{@code failed}: refused with a {@code failure} reason (bad checkpoint, unknown suite, ...).</li>
 * </ul>
 * Every write is a single-document update; claims are one findOneAndUpdate (no transactions).
 */
@ApplicationScoped
public class EvaluationRepository {
    public static final String PENDING = "pending";
    public static final String AWAITING_PLAN = "awaiting_plan";
    public static final String EVALUATING = "evaluating";
    public static final String EVALUATED = "evaluated";
    public static final String FAILED = "failed";

    private final MongoCollection<Document> runs;

    public EvaluationRepository(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.runs = mongo.getDatabase(database).getCollection("eval_runs");
        runs.createIndex(Indexes.ascending("study_id"));
    }

    /** Records a completed run unless it is known; true when this call recorded it (a first delivery). */
    public boolean insertIfAbsent(TrainingCompleted completed) {
        return runs.updateOne(eq("_id", completed.runId()), Updates.combine(
                Updates.setOnInsert("study_id", completed.studyId()),
                Updates.setOnInsert("status", PENDING),
                Updates.setOnInsert("completed", Document.parse(EventJson.encode(completed))),
                Updates.setOnInsert("predictions_published", false),
                Updates.setOnInsert("received_at", Date.from(Instant.now()))), new UpdateOptions().upsert(true))
                .getUpsertedId() != null;
    }

    /** Claims a run nobody evaluates: pending, awaiting its plan, or evaluating under a stale claim. */
    public Optional<Document> claim(String runId, String worker, Duration staleAfter) {
        Date now = new Date();
        Bson claimable = or(in("status", PENDING, AWAITING_PLAN),
                and(eq("status", EVALUATING), lt("heartbeat_at", Date.from(now.toInstant().minus(staleAfter)))));
        return Optional.ofNullable(runs.findOneAndUpdate(and(eq("_id", runId), claimable),
                Updates.combine(Updates.set("status", EVALUATING), Updates.set("worker", worker),
                        Updates.set("claimed_at", now), Updates.set("heartbeat_at", now), Updates.inc("attempts", 1)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
    }

    /** Runs a worker could claim now, oldest first; runs awaiting their plan only when their study is known. */
    public List<String> claimable(Duration staleAfter, List<String> knownStudies, int limit) {
        Date staleBefore = Date.from(Instant.now().minus(staleAfter));
        return runs.find(or(eq("status", PENDING),
                        and(eq("status", AWAITING_PLAN), in("study_id", knownStudies)),
                        and(eq("status", EVALUATING), lt("heartbeat_at", staleBefore))))
                .sort(Sorts.ascending("received_at")).limit(limit).projection(new Document("_id", 1))
                .map(d -> d.getString("_id")).into(new ArrayList<>());
    }

    /** Study ids of runs waiting for their plan. */
    public List<String> studiesAwaitingPlan() {
        return runs.distinct("study_id", eq("status", AWAITING_PLAN), String.class).into(new ArrayList<>());
    }

    /** Renews the claim; false when another worker took the run over. */
    public boolean heartbeat(String runId, String worker) {
        return runs.updateOne(and(eq("_id", runId), eq("status", EVALUATING), eq("worker", worker)),
                Updates.set("heartbeat_at", new Date())).getModifiedCount() == 1;
    }

    /** Gives the run back to wait for its study's plan (study.planned not received yet). */
    public void awaitPlan(String runId, String worker) {
        runs.updateOne(and(eq("_id", runId), eq("status", EVALUATING), eq("worker", worker)),
                Updates.combine(Updates.set("status", AWAITING_PLAN), Updates.unset("worker")));
    }

    /** Gives a claimed run back, saying why, so that a worker retries it at its next scan. */
    public void release(String runId, String worker, String reason) {
        runs.updateOne(and(eq("_id", runId), eq("status", EVALUATING), eq("worker", worker)),
                Updates.combine(Updates.set("status", PENDING), Updates.unset("worker"),
                        Updates.set("waiting_reason", reason)));
    }

    public boolean evaluated(String runId, String worker, List<Document> suites, Document checkpoint) {
        return runs.updateOne(and(eq("_id", runId), eq("status", EVALUATING), eq("worker", worker)),
                Updates.combine(Updates.set("status", EVALUATED), Updates.unset("waiting_reason"),
                        Updates.set("suites", suites),
                        Updates.set("checkpoint", checkpoint), Updates.set("evaluated_at", new Date())))
                .getModifiedCount() == 1;
    }

    public boolean fail(String runId, String worker, String reason) {
        return runs.updateOne(and(eq("_id", runId), eq("status", EVALUATING), eq("worker", worker)),
                Updates.combine(Updates.set("status", FAILED), Updates.set("failure", reason),
                        Updates.set("failed_at", new Date()))).getModifiedCount() == 1;
    }

    public void markPredictionsPublished(String runId) {
        runs.updateOne(eq("_id", runId), Updates.set("predictions_published", true));
    }

    /**
     * Evaluated runs whose predictions.ready never reached Kafka (the process died in between). Only runs
     * evaluated before {@code settledFor} ago: a worker that just finished is publishing them itself.
     */
    public List<Document> unpublished(Duration settledFor, int limit) {
        Date before = Date.from(Instant.now().minus(settledFor));
        return runs.find(and(eq("status", EVALUATED), eq("predictions_published", false),
                lt("evaluated_at", before))).limit(limit).into(new ArrayList<>());
    }

    public List<Document> ofStudy(String studyId) {
        return runs.find(eq("study_id", studyId)).sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    public Optional<Document> find(String runId) {
        return Optional.ofNullable(runs.find(eq("_id", runId)).first());
    }
}
