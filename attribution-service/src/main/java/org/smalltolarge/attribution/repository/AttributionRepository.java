package org.smalltolarge.attribution.repository;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.smalltolarge.attribution.domain.Attribution;
import org.smalltolarge.attribution.domain.AttributionStatus;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.events.AttributionRequested;
import org.smalltolarge.kit.claims.ClaimStates;
import org.smalltolarge.kit.claims.ClaimStore;
import org.smalltolarge.kit.metrics.ItemStatusGauges;
import org.smalltolarge.lm.CheckpointRef;

/**
 * Attributions, one document per attribution id (collection {@code attributions}). Models are recorded under
 * {@code models.<run id>} by one atomic update each, so redelivered training events change nothing; the last one
 * turns the attribution {@code ready}, and a worker claims it through the {@link ClaimStore}.
 */
@ApplicationScoped
public class AttributionRepository {
    static final ClaimStates STATES = new ClaimStates(AttributionStatus.COMPUTING.stored(),
            List.of(AttributionStatus.READY.stored()), "received_at");

    private final MongoCollection<Document> attributions;
    private final ClaimStore<Attribution> claims;

    public AttributionRepository(MongoClient mongo,
                                 @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.attributions = mongo.getDatabase(database).getCollection("attributions");
        attributions.createIndex(Indexes.ascending("study_id"));
        this.claims = new ClaimStore<>(attributions, STATES, AttributionRepository::read);
        ItemStatusGauges.register(attributions,
                Arrays.stream(AttributionStatus.values()).map(AttributionStatus::stored).toList());
    }

    /**
     * Stores a planned attribution unless its id is known; true when this call stored it. {@code runs}: run id ->
     * scale and distribution of every model of its study.
     */
    public boolean insertIfAbsent(AttributionRequested request, String studyId, Map<String, Attribution.ModelKey> runs) {
        Document runDocs = new Document();
        runs.forEach((runId, key) -> runDocs.append(runId, new Document("scale", key.scale())
                .append("distribution", key.distribution())));
        return attributions.updateOne(eq("_id", request.attributionId()), Updates.combine(
                Updates.setOnInsert("request", Document.parse(EventJson.encode(request))),
                Updates.setOnInsert("study_id", studyId),
                Updates.setOnInsert(ClaimStore.STATUS, AttributionStatus.WAITING_FOR_MODELS.stored()),
                Updates.setOnInsert("runs", runDocs),
                Updates.setOnInsert("models", new Document()),
                Updates.setOnInsert("study_published", false),
                Updates.setOnInsert("completion_published", false),
                Updates.setOnInsert("received_at", new Date())),
                new com.mongodb.client.model.UpdateOptions().upsert(true)).getUpsertedId() != null;
    }

    public void markStudyPublished(String id) {
        attributions.updateOne(eq("_id", id), Updates.set("study_published", true));
    }

    /** Attributions planned before {@code settledFor} ago whose study request never reached Kafka. */
    public List<Attribution> studyUnpublished(Duration settledFor, int limit) {
        return attributions.find(and(eq("study_published", false),
                        lt("received_at", Date.from(Instant.now().minus(settledFor)))))
                .limit(limit).map(AttributionRepository::read).into(new ArrayList<>());
    }

    public Optional<Attribution> ofStudy(String studyId) {
        return Optional.ofNullable(attributions.find(eq("study_id", studyId)).first()).map(AttributionRepository::read);
    }

    /**
     * Records a trained model (idempotent) and, when it was the last one, makes the attribution ready. Returns the
     * attribution after the update, or empty when the run is not one of its models.
     */
    public Optional<Attribution> recordModel(String id, String runId, CheckpointRef checkpoint) {
        attributions.updateOne(and(eq("_id", id), exists("runs." + runId),
                        eq(ClaimStore.STATUS, AttributionStatus.WAITING_FOR_MODELS.stored())),
                Updates.set("models." + runId, new Document("uri", checkpoint.uri())
                        .append("manifest_sha256", checkpoint.manifestSha256())));
        Optional<Attribution> now = claims.find(id);
        if (now.isPresent() && now.get().status() == AttributionStatus.WAITING_FOR_MODELS
                && now.get().modelsTrained() == now.get().modelsPlanned()) {
            attributions.updateOne(and(eq("_id", id),
                            eq(ClaimStore.STATUS, AttributionStatus.WAITING_FOR_MODELS.stored())),
                    Updates.set(ClaimStore.STATUS, AttributionStatus.READY.stored()));
            return claims.find(id);
        }
        return now.filter(a -> a.runs().containsKey(runId));
    }

    /** Fails an attribution that is not finished yet, saying why; true when this call did. */
    public boolean failUnfinished(String id, String reason) {
        return attributions.updateOne(and(eq("_id", id), eq(ClaimStore.STATUS,
                        AttributionStatus.WAITING_FOR_MODELS.stored())),
                Updates.combine(Updates.set(ClaimStore.STATUS, AttributionStatus.FAILED.stored()),
                        Updates.set("failure", reason), Updates.set("failed_at", new Date()))).getModifiedCount() == 1;
    }

    public Optional<Attribution> claim(String id, String worker, Duration staleAfter) {
        return claims.claim(id, worker, staleAfter);
    }

    public List<String> claimable(Duration staleAfter, int limit) {
        return claims.claimable(eq(ClaimStore.STATUS, AttributionStatus.READY.stored()), staleAfter, limit);
    }

    public boolean heartbeat(String id, String worker, String progress) {
        return claims.renew(id, worker, Updates.set("progress", progress));
    }

    /** Stores the results (the attribution.completed payload) and finishes the claim. */
    public boolean complete(String id, String worker, String completedJson) {
        return claims.finish(id, worker, AttributionStatus.COMPLETED.stored(),
                Updates.set("results", Document.parse(completedJson)), Updates.set("completed_at", new Date()),
                Updates.unset("progress"));
    }

    public boolean fail(String id, String worker, String reason) {
        return claims.finish(id, worker, AttributionStatus.FAILED.stored(), Updates.set("failure", reason),
                Updates.set("failed_at", new Date()));
    }

    public void markCompletionPublished(String id) {
        attributions.updateOne(eq("_id", id), Updates.set("completion_published", true));
    }

    /** Completed attributions whose attribution.completed never reached Kafka, finished before {@code settledFor}. */
    public List<Attribution> completionUnpublished(Duration settledFor, int limit) {
        return attributions.find(and(eq(ClaimStore.STATUS, AttributionStatus.COMPLETED.stored()),
                        eq("completion_published", false),
                        lt("completed_at", Date.from(Instant.now().minus(settledFor)))))
                .limit(limit).map(AttributionRepository::read).into(new ArrayList<>());
    }

    public Optional<Attribution> find(String id) {
        return claims.find(id);
    }

    /** The progress line a worker last wrote, if any. */
    public Optional<String> progress(String id) {
        return Optional.ofNullable(attributions.find(eq("_id", id)).first()).map(d -> d.getString("progress"));
    }

    static Attribution read(Document d) {
        Map<String, Attribution.ModelKey> runs = new LinkedHashMap<>();
        d.get("runs", Document.class).forEach((runId, v) -> {
            Document key = (Document) v;
            runs.put(runId, new Attribution.ModelKey(key.getString("scale"), key.getString("distribution")));
        });
        Map<String, CheckpointRef> models = new LinkedHashMap<>();
        d.get("models", Document.class).forEach((runId, v) -> {
            Document ref = (Document) v;
            models.put(runId, new CheckpointRef(ref.getString("uri"), ref.getString("manifest_sha256")));
        });
        Document results = d.get("results", Document.class);
        return new Attribution(d.getString("_id"),
                EventJson.decode(EventType.ATTRIBUTION_REQUESTED, d.get("request", Document.class).toJson()),
                d.getString("study_id"), AttributionStatus.of(d.getString(ClaimStore.STATUS)), runs, models,
                d.getBoolean("study_published", false), d.getBoolean("completion_published", false),
                d.getString("failure"), results == null ? null : results.toJson(),
                d.getInteger(ClaimStore.ATTEMPTS, 0), d.getInteger(ClaimStore.TAKEOVERS, 0),
                d.getDate("received_at").toInstant());
    }
}
