package org.smalltolarge.trainer.repository;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
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
import org.smalltolarge.contracts.events.TrainingRequested;

/**
 * Runs, one document per run id, with an explicit status: planned, running, completed or failed.
 * {@code request_published} records that its training.requested event reached Kafka, so a replayed study
 * publishes only what a crash left unpublished. A worker owns a run through an atomic claim (one
 * findOneAndUpdate on the run's document: no transactions) that it renews with heartbeats; a claim whose
 * heartbeat stopped belongs to a dead worker and may be taken over.
 */
@ApplicationScoped
public class RunRepository {
    private final MongoCollection<Document> runs;

    public RunRepository(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.runs = mongo.getDatabase(database).getCollection("runs");
        runs.createIndex(com.mongodb.client.model.Indexes.ascending("study_id"));
    }

    /**
     * Stores a planned run from its training request unless the run is already known (a known run keeps its
     * state: it may be running or finished). {@code published} says whether the request is already on Kafka:
     * false when the planner stores it before publishing, true when a worker meets a request first.
     */
    public void insertIfAbsent(TrainingRequested request, boolean published) {
        runs.updateOne(eq("_id", request.runId()), Updates.combine(
                Updates.setOnInsert("study_id", request.studyId()),
                Updates.setOnInsert("status", "planned"),
                Updates.setOnInsert("distribution", request.distribution().name()),
                Updates.setOnInsert("scale", request.scale().name()),
                Updates.setOnInsert("seed", request.seed()),
                Updates.setOnInsert("role", request.role()),
                Updates.setOnInsert("request", Document.parse(EventJson.encode(request))),
                Updates.setOnInsert("request_published", published),
                Updates.setOnInsert("created_at", Date.from(Instant.now()))), new UpdateOptions().upsert(true));
    }

    public List<Document> unpublished(String studyId) {
        return runs.find(and(eq("study_id", studyId), eq("request_published", false)))
                .sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    public void markPublished(String runId) {
        runs.updateOne(eq("_id", runId), Updates.set("request_published", true));
    }

    /**
     * Claims a run for {@code worker} if nobody trains it: planned, or running under a stale claim. Returns the
     * claimed document, or empty when the run is taken, finished, failed or unknown.
     */
    public Optional<Document> claim(String runId, String worker, Duration staleAfter) {
        Date now = new Date();
        Bson claimable = or(eq("status", "planned"),
                and(eq("status", "running"), lt("heartbeat_at", Date.from(now.toInstant().minus(staleAfter)))));
        return Optional.ofNullable(runs.findOneAndUpdate(and(eq("_id", runId), claimable),
                Updates.combine(Updates.set("status", "running"), Updates.set("worker", worker),
                        Updates.set("claimed_at", now), Updates.set("heartbeat_at", now), Updates.inc("attempts", 1)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
    }

    /** Runs that a worker could claim now, oldest first. */
    public List<String> claimable(Duration staleAfter, int limit) {
        Date staleBefore = Date.from(Instant.now().minus(staleAfter));
        return runs.find(or(and(eq("status", "planned"), eq("request_published", true)),
                        and(eq("status", "running"), lt("heartbeat_at", staleBefore))))
                .sort(Sorts.ascending("created_at")).limit(limit).projection(new Document("_id", 1))
                .map(d -> d.getString("_id")).into(new ArrayList<>());
    }

    /** Renews the claim and records progress; false when the claim was lost (another worker took the run). */
    public boolean heartbeat(String runId, String worker, Document progress, double trainedSeconds) {
        List<Bson> updates = new ArrayList<>(List.of(Updates.set("heartbeat_at", new Date()),
                Updates.inc("train_seconds", trainedSeconds)));
        if (progress != null) {
            updates.add(Updates.set("progress", progress));
        }
        return runs.updateOne(and(eq("_id", runId), eq("status", "running"), eq("worker", worker)),
                Updates.combine(updates)).getModifiedCount() == 1;
    }

    /** Training time of a run over all its attempts, as recorded by heartbeats. */
    public double trainSeconds(String runId) {
        Document run = runs.find(eq("_id", runId)).projection(new Document("train_seconds", 1)).first();
        return run == null ? 0 : ((Number) run.get("train_seconds", 0.0)).doubleValue();
    }

    /** Gives a claimed run back (a worker stopping cleanly) so that any worker may take it at once. */
    public void release(String runId, String worker) {
        runs.updateOne(and(eq("_id", runId), eq("status", "running"), eq("worker", worker)),
                Updates.combine(Updates.set("status", "planned"), Updates.unset("worker")));
    }

    /** Records the device a run trains on (it may differ between attempts). */
    public void recordDevice(String runId, String worker, String device) {
        runs.updateOne(and(eq("_id", runId), eq("worker", worker)), Updates.set("device", device));
    }

    public boolean complete(String runId, String worker, Document result) {
        return runs.updateOne(and(eq("_id", runId), eq("status", "running"), eq("worker", worker)),
                Updates.combine(Updates.set("status", "completed"), Updates.set("result", result),
                        Updates.set("completed_at", new Date()))).getModifiedCount() == 1;
    }

    public boolean fail(String runId, String worker, String reason) {
        return runs.updateOne(and(eq("_id", runId), eq("status", "running"), eq("worker", worker)),
                Updates.combine(Updates.set("status", "failed"), Updates.set("failure", reason),
                        Updates.set("failed_at", new Date()))).getModifiedCount() == 1;
    }

    public List<Document> ofStudy(String studyId) {
        return runs.find(eq("study_id", studyId)).sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    public Optional<Document> find(String runId) {
        return Optional.ofNullable(runs.find(eq("_id", runId)).first());
    }
}
