package org.smalltolarge.trainer.repository;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Studies, one document per study id. Writes are single-document upserts keyed by the study id, so a
 * redelivered request never creates a second study (no multi-document transactions are needed, or used).
 */
@ApplicationScoped
public class StudyRepository {
    private final MongoCollection<Document> studies;

    public StudyRepository(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.studies = mongo.getDatabase(database).getCollection("studies");
    }

    /**
     * Stores the study unless one with that id exists, and returns what is stored now (the new document, or
     * the earlier one, whose {@code spec_sha256} tells whether it is the same spec).
     */
    public Document insertIfAbsent(String studyId, Document spec, String specSha256, List<String> runIds,
            String submittedBy) {
        return studies.findOneAndUpdate(eq("_id", studyId),
                Updates.combine(
                        Updates.setOnInsert("spec", spec),
                        Updates.setOnInsert("spec_sha256", specSha256),
                        Updates.setOnInsert("run_ids", runIds),
                        Updates.setOnInsert("status", "planned"),
                        Updates.setOnInsert("submitted_by", submittedBy),
                        Updates.setOnInsert("planned_published", false),
                        Updates.setOnInsert("created_at", Date.from(Instant.now()))),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
    }

    public void markPlannedPublished(String studyId) {
        studies.updateOne(eq("_id", studyId), Updates.set("planned_published", true));
    }

    public Optional<Document> find(String studyId) {
        return Optional.ofNullable(studies.find(eq("_id", studyId)).first());
    }
}
