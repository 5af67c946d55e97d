package org.smalltolarge.trainer.repository;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Study documents submitted over REST, as written (collection {@code submitted_specs}, {@code _id} = sha256 of the
 * document's UTF-8 text). study.requested.v2 refers to one of them, so that the request travels as a small event
 * whatever the document's size. The text is kept as a string, not as BSON, so that its stored size is its size.
 * Documents are kept: a redelivered request must still find its document.
 */
@ApplicationScoped
public class SubmittedSpecRepository {
    private final MongoCollection<Document> specs;

    public SubmittedSpecRepository(MongoClient mongo,
            @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.specs = mongo.getDatabase(database).getCollection("submitted_specs");
    }

    /** Stores the document unless the same text is stored already (the digest is its address). */
    public void store(String documentSha256, String studyId, String document) {
        specs.updateOne(eq("_id", documentSha256), Updates.combine(
                Updates.setOnInsert("study_id", studyId),
                Updates.setOnInsert("document", document),
                Updates.setOnInsert("submitted_at", new Date())), new UpdateOptions().upsert(true));
    }

    /** The document stored under this digest, as written. */
    public Optional<String> find(String documentSha256) {
        return Optional.ofNullable(specs.find(eq("_id", documentSha256)).first()).map(d -> d.getString("document"));
    }
}
