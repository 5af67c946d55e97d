package org.smalltolarge.trainer.repository;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Planned runs, one document per run id. {@code request_published} records that its training.requested
 * event reached Kafka, so a replayed study publishes only what a crash left unpublished.
 */
@ApplicationScoped
public class RunRepository {
    private final MongoCollection<Document> runs;

    public RunRepository(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.runs = mongo.getDatabase(database).getCollection("runs");
        runs.createIndex(com.mongodb.client.model.Indexes.ascending("study_id"));
    }

    /** Stores a planned run unless it is already known; a known run keeps its state (it may be running). */
    public void insertIfAbsent(String runId, String studyId, Document fields) {
        List<org.bson.conversions.Bson> onInsert = new ArrayList<>();
        onInsert.add(Updates.setOnInsert("study_id", studyId));
        onInsert.add(Updates.setOnInsert("status", "planned"));
        onInsert.add(Updates.setOnInsert("request_published", false));
        onInsert.add(Updates.setOnInsert("created_at", Date.from(Instant.now())));
        fields.forEach((k, v) -> onInsert.add(Updates.setOnInsert(k, v)));
        runs.updateOne(eq("_id", runId), Updates.combine(onInsert), new UpdateOptions().upsert(true));
    }

    public List<Document> unpublished(String studyId) {
        return runs.find(and(eq("study_id", studyId), eq("request_published", false)))
                .sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    public void markPublished(String runId) {
        runs.updateOne(eq("_id", runId), Updates.set("request_published", true));
    }

    public List<Document> ofStudy(String studyId) {
        return runs.find(eq("study_id", studyId)).sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    public Optional<Document> find(String runId) {
        return Optional.ofNullable(runs.find(eq("_id", runId)).first());
    }
}
