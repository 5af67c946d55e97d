package org.smalltolarge.trainer.repository;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
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
import org.smalltolarge.contracts.events.TrainingProgress;
import org.smalltolarge.contracts.events.TrainingRequested;
import org.smalltolarge.kit.claims.ClaimStates;
import org.smalltolarge.kit.claims.ClaimStore;
import org.smalltolarge.kit.metrics.ItemStatusGauges;
import org.smalltolarge.trainer.domain.RunStatus;
import org.smalltolarge.trainer.domain.TrainingRun;

/**
 * Runs (collection {@code runs}), one document per run id, with an explicit {@link RunStatus}.
 * {@code request_published} records that its training.requested event reached Kafka, so a replayed study
 * publishes only what a crash left unpublished. Workers own runs through the {@link ClaimStore}: an atomic claim
 * renewed by heartbeats; a claim whose heartbeat stopped belongs to a dead worker and may be taken over.
 */
@ApplicationScoped
public class RunRepository {
    static final ClaimStates STATES = new ClaimStates(RunStatus.RUNNING.stored(),
            List.of(RunStatus.PLANNED.stored()), "created_at");

    /** Runs per bulk round trip to MongoDB. */
    private static final int BULK = 1000;

    private final MongoCollection<Document> runs;
    private final ClaimStore<TrainingRun> claims;

    public RunRepository(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.runs = mongo.getDatabase(database).getCollection("runs");
        runs.createIndex(Indexes.ascending("study_id"));
        this.claims = new ClaimStore<>(runs, STATES, RunRepository::read);
        ItemStatusGauges.register(runs, Arrays.stream(RunStatus.values()).map(RunStatus::stored).toList());
    }

    /**
     * Stores the planned runs of a study, not yet published, unless a run is already known (a known run keeps its
     * state: it may be running or finished). In bulk: one round trip per thousand runs instead of one per run; each
     * run is still its own single-document upsert.
     */
    public void insertAllIfAbsent(List<TrainingRequested> requests) {
        for (int from = 0; from < requests.size(); from += BULK) {
            List<UpdateOneModel<Document>> writes = requests.subList(from, Math.min(requests.size(), from + BULK))
                    .stream().map(r -> new UpdateOneModel<Document>(eq("_id", r.runId()), insertion(r),
                            new UpdateOptions().upsert(true))).toList();
            runs.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    private static Bson insertion(TrainingRequested request) {
        return Updates.combine(
                Updates.setOnInsert("study_id", request.studyId()),
                Updates.setOnInsert(ClaimStore.STATUS, RunStatus.PLANNED.stored()),
                Updates.setOnInsert("distribution", request.distribution().name()),
                Updates.setOnInsert("scale", request.scale().name()),
                Updates.setOnInsert("seed", request.seed()),
                Updates.setOnInsert("role", request.role()),
                Updates.setOnInsert("request", Document.parse(EventJson.encode(request))),
                Updates.setOnInsert("request_published", false),
                Updates.setOnInsert("created_at", Date.from(Instant.now())));
    }

    /** Requests of a study that never reached Kafka, in run-id order. */
    public List<TrainingRequested> unpublished(String studyId) {
        return runs.find(and(eq("study_id", studyId), eq("request_published", false)))
                .sort(Sorts.ascending("_id")).map(d -> read(d).request()).into(new ArrayList<>());
    }

    public void markPublished(String runId) {
        runs.updateOne(eq("_id", runId), Updates.set("request_published", true));
    }

    public void markPublished(List<String> runIds) {
        for (int from = 0; from < runIds.size(); from += BULK) {
            runs.updateMany(in("_id", runIds.subList(from, Math.min(runIds.size(), from + BULK))),
                    Updates.set("request_published", true));
        }
    }

    /**
     * Ends the runs of a refused study that were never announced on Kafka, so that no worker ever trains them:
     * failed, with the reason. Runs already announced keep their course.
     */
    public long withdrawUnpublished(String studyId, String reason) {
        return runs.updateMany(and(eq("study_id", studyId), eq("request_published", false),
                        eq(ClaimStore.STATUS, RunStatus.PLANNED.stored())),
                Updates.combine(Updates.set(ClaimStore.STATUS, RunStatus.FAILED.stored()),
                        Updates.set("failure", reason), Updates.set("failed_at", new Date()))).getModifiedCount();
    }

    /** Claims a run for {@code worker} if nobody trains it: planned, or running under a stale claim. */
    public Optional<TrainingRun> claim(String runId, String worker, Duration staleAfter) {
        return claims.claim(runId, worker, staleAfter);
    }

    /** Runs that a worker could claim now, oldest first: announced on Kafka and planned, or under a stale claim. */
    public List<String> claimable(Duration staleAfter, int limit) {
        Bson ready = and(eq(ClaimStore.STATUS, RunStatus.PLANNED.stored()), eq("request_published", true));
        return claims.claimable(ready, staleAfter, limit);
    }

    /** Renews the claim and records progress; false when the claim was lost (another worker took the run). */
    public boolean heartbeat(String runId, String worker, TrainingProgress progress, double trainedSeconds) {
        Bson time = Updates.inc("train_seconds", trainedSeconds);
        return progress == null ? claims.renew(runId, worker, time)
                : claims.renew(runId, worker, time, Updates.set("progress", Document.parse(EventJson.encode(progress))));
    }

    /** Renews the claim only (the lease thread's heartbeat); false when the claim was lost. */
    public boolean renew(String runId, String worker) {
        return claims.renew(runId, worker);
    }

    /** Training time of a run over all its attempts, as recorded by heartbeats. */
    public double trainSeconds(String runId) {
        return find(runId).map(TrainingRun::trainSeconds).orElse(0.0);
    }

    /** Gives a claimed run back (a worker stopping cleanly) so that any worker may take it at once. */
    public void release(String runId, String worker) {
        claims.release(runId, worker, RunStatus.PLANNED.stored());
    }

    /** Adds a line to the run's history (what a worker had to work around), while {@code worker} holds it. */
    public void note(String runId, String worker, String text) {
        claims.updateHeld(runId, worker, Updates.push("history", new Document("at", new Date()).append("worker", worker)
                .append("note", text)));
    }

    /** Records the device a run trains on (it may differ between attempts). */
    public void recordDevice(String runId, String worker, String device) {
        claims.updateHeld(runId, worker, Updates.set("device", device));
    }

    public boolean complete(String runId, String worker, TrainingCompleted result) {
        return claims.finish(runId, worker, RunStatus.COMPLETED.stored(),
                Updates.set("result", Document.parse(EventJson.encode(result))), Updates.set("completed_at", new Date()));
    }

    public boolean fail(String runId, String worker, String reason) {
        return claims.finish(runId, worker, RunStatus.FAILED.stored(), Updates.set("failure", reason),
                Updates.set("failed_at", new Date()));
    }

    public List<TrainingRun> ofStudy(String studyId) {
        return claims.list(eq("study_id", studyId));
    }

    public Optional<TrainingRun> find(String runId) {
        return claims.find(runId);
    }

    static TrainingRun read(Document d) {
        return new TrainingRun(d.getString("_id"), d.getString("study_id"),
                RunStatus.ofStored(d.getString(ClaimStore.STATUS)),
                event(d, "request", EventType.TRAINING_REQUESTED), d.getBoolean("request_published", false),
                d.getString(ClaimStore.WORKER), d.getInteger(ClaimStore.ATTEMPTS, 0), d.getInteger(ClaimStore.TAKEOVERS, 0), d.getString("device"),
                event(d, "progress", EventType.TRAINING_PROGRESS),
                d.get("train_seconds", Number.class) == null ? 0 : d.get("train_seconds", Number.class).doubleValue(),
                event(d, "result", EventType.TRAINING_COMPLETED), d.getString("failure"),
                d.getList("history", Document.class, List.of()).stream().map(h -> new TrainingRun.Note(
                        instant(h, "at"), h.getString("worker"), h.getString("note"))).toList(),
                instant(d, "created_at"),
                instant(d, ClaimStore.CLAIMED_AT), instant(d, ClaimStore.HEARTBEAT_AT), instant(d, "completed_at"),
                instant(d, "failed_at"));
    }

    private static <T extends org.smalltolarge.contracts.Event> T event(Document d, String field, EventType type) {
        Document stored = d.get(field, Document.class);
        return stored == null ? null : EventJson.decode(type, stored.toJson());
    }

    private static Instant instant(Document d, String field) {
        Date date = d.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
