package org.smalltolarge.trainer.repository;

import static com.mongodb.client.model.Filters.eq;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.trainer.domain.Study;

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
     * Stores the study unless one with that id exists, and returns what is stored now (the new study, or
     * the earlier one, whose {@code specSha256} tells whether it is the same spec).
     */
    public Study insertIfAbsent(String studyId, String canonicalSpec, String specSha256, List<String> runIds,
            String submittedBy) {
        return read(studies.findOneAndUpdate(eq("_id", studyId),
                Updates.combine(
                        Updates.setOnInsert("spec", Document.parse(canonicalSpec)),
                        Updates.setOnInsert("spec_sha256", specSha256),
                        Updates.setOnInsert("run_ids", runIds),
                        Updates.setOnInsert("status", "planned"),
                        Updates.setOnInsert("submitted_by", submittedBy),
                        Updates.setOnInsert("planned_published", false),
                        Updates.setOnInsert("created_at", Date.from(Instant.now()))),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)));
    }

    public void markPlannedPublished(String studyId) {
        studies.updateOne(eq("_id", studyId), Updates.set("planned_published", true));
    }

    /** Records that the study was refused after it was stored (its events could not be published), and why. */
    public void markRejected(String studyId, String reason) {
        studies.updateOne(eq("_id", studyId), Updates.combine(Updates.set("status", "rejected"),
                Updates.set("rejection", reason), Updates.set("rejected_at", new Date())));
    }

    public Optional<Study> find(String studyId) {
        return Optional.ofNullable(studies.find(eq("_id", studyId)).first()).map(StudyRepository::read);
    }

    private static Study read(Document d) {
        Document spec = d.get("spec", Document.class);
        try {
            return new Study(d.getString("_id"), spec == null ? null : EventJson.mapper().readTree(spec.toJson()),
                    d.getString("spec_sha256"), d.getList("run_ids", String.class, List.of()), d.getString("status"),
                    d.getString("rejection"), d.getString("submitted_by"), d.getBoolean("planned_published", false),
                    d.getDate("created_at") == null ? null : d.getDate("created_at").toInstant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("study " + d.getString("_id") + ": stored spec is not JSON", e);
        }
    }
}
