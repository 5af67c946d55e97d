package org.smalltolarge.selector.repository;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.events.SelectionCompleted;
import org.smalltolarge.contracts.events.SelectionRequested;
import org.smalltolarge.kit.claims.ClaimStates;
import org.smalltolarge.kit.claims.ClaimStore;
import org.smalltolarge.kit.metrics.ItemStatusGauges;
import org.smalltolarge.selector.domain.Selection;
import org.smalltolarge.selector.domain.SelectionJob;
import org.smalltolarge.selector.domain.SelectionStatus;

/**
 * Selections, one document per selection id (collection {@code selections}); reports in {@code selection_reports}.
 * Each step is claimed through the {@link ClaimStore}; a step that hands work to another service ends in a waiting
 * status, and the announcement of that work (a flag set by the consumer) moves it on, whichever comes first.
 */
@ApplicationScoped
public class SelectionRepository {
    static final ClaimStates STATES = new ClaimStates(SelectionStatus.WORKING.stored(),
            SelectionStatus.STEPS.stream().map(SelectionStatus::stored).toList(), "received_at");
    private static final String SCORES_READY = "scores_ready";
    private static final String MODELS_READY = "models_ready";

    private final MongoCollection<Document> selections;
    private final MongoCollection<Document> reports;
    private final ClaimStore<SelectionJob> claims;

    public SelectionRepository(MongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.selections = mongo.getDatabase(database).getCollection("selections");
        this.reports = mongo.getDatabase(database).getCollection("selection_reports");
        this.claims = new ClaimStore<>(selections, STATES, SelectionRepository::read);
        ItemStatusGauges.register(selections,
                Arrays.stream(SelectionStatus.values()).map(SelectionStatus::stored).toList());
    }

    /** Stores a received selection unless its id is known; true when this call stored it. */
    public boolean insertIfAbsent(SelectionRequested request) {
        return selections.updateOne(eq("_id", request.selectionId()), Updates.combine(
                Updates.setOnInsert("request", Document.parse(EventJson.encode(request))),
                Updates.setOnInsert(ClaimStore.STATUS, SelectionStatus.SELECTING.stored()),
                Updates.setOnInsert("phase", SelectionStatus.SELECTING.stored()),
                Updates.setOnInsert("selections", List.of()),
                Updates.setOnInsert(SCORES_READY, false),
                Updates.setOnInsert(MODELS_READY, false),
                Updates.setOnInsert("completion_published", false),
                Updates.setOnInsert("received_at", new Date())),
                new UpdateOptions().upsert(true)).getUpsertedId() != null;
    }

    public Optional<SelectionJob> find(String id) {
        return claims.find(id);
    }

    public List<SelectionJob> list() {
        return claims.list(new Document());
    }

    public Optional<SelectionJob> claim(String id, String worker, Duration staleAfter) {
        return claims.claim(id, worker, staleAfter);
    }

    public List<String> claimable(Duration staleAfter, int limit) {
        return claims.claimable(in(ClaimStore.STATUS, STATES.open()), staleAfter, limit);
    }

    /** Renews the claim (the lease thread); false when it was lost. */
    public boolean renew(String id, String worker) {
        return claims.renew(id, worker);
    }

    /** Renews the claim and says what the step does now. */
    public boolean heartbeat(String id, String worker, String progress) {
        return claims.renew(id, worker, Updates.set("progress", progress));
    }

    /** Records the selections made so far (the step's result, kept if the worker dies before the next). */
    public boolean saveSelections(String id, String worker, List<Selection> made) {
        List<Document> docs = new ArrayList<>();
        for (Selection s : made) {
            docs.add(new Document("name", s.name()).append("method", s.method()).append("proxy_scale", s.proxyScale())
                    .append("documents", s.documents()).append("rule", s.rule()));
        }
        return claims.updateHeld(id, worker, Updates.set("selections", docs));
    }

    /**
     * Ends the claimed step by handing the work to another service: the selection waits in {@code waiting} until
     * {@code next} may start, at once if the announcement already came.
     */
    public boolean await(String id, String worker, SelectionStatus waiting, SelectionStatus next) {
        boolean held = claims.finish(id, worker, waiting.stored(), Updates.set("phase", next.stored()),
                Updates.unset(ClaimStore.WORKER), Updates.unset("progress"));
        promote(id);
        return held;
    }

    /** The DsDm attribution is complete; true when the selection may move on now. */
    public boolean scoresReady(String id) {
        selections.updateOne(eq("_id", id), Updates.set(SCORES_READY, true));
        return promote(id);
    }

    /** Every model of the training study is evaluated; true when the selection may move on now. */
    public boolean modelsReady(String id) {
        selections.updateOne(eq("_id", id), Updates.set(MODELS_READY, true));
        return promote(id);
    }

    /** Moves a waiting selection whose announcement came to its next step. */
    private boolean promote(String id) {
        boolean scores = selections.updateOne(and(eq("_id", id),
                        eq(ClaimStore.STATUS, SelectionStatus.WAITING_FOR_SCORES.stored()), eq(SCORES_READY, true)),
                Updates.set(ClaimStore.STATUS, SelectionStatus.SCORING.stored())).getModifiedCount() == 1;
        boolean models = selections.updateOne(and(eq("_id", id),
                        eq(ClaimStore.STATUS, SelectionStatus.WAITING_FOR_MODELS.stored()), eq(MODELS_READY, true)),
                Updates.set(ClaimStore.STATUS, SelectionStatus.ANALYZING.stored())).getModifiedCount() == 1;
        return scores || models;
    }

    /** Stores the outcome and its report and finishes the claim. */
    public boolean complete(String id, String worker, SelectionCompleted completed, String reportJson) {
        reports.replaceOne(eq("_id", id), Document.parse(reportJson).append("_id", id),
                new ReplaceOptions().upsert(true));
        return claims.finish(id, worker, SelectionStatus.COMPLETED.stored(),
                Updates.set("results", Document.parse(EventJson.encode(completed))),
                Updates.set("completed_at", new Date()), Updates.unset("progress"));
    }

    /** Gives a step back (a peer service was not reachable): any worker tries it again at its next scan. */
    public boolean release(String id, String worker, SelectionStatus step) {
        return claims.release(id, worker, step.stored());
    }

    public boolean fail(String id, String worker, String reason) {
        return claims.finish(id, worker, SelectionStatus.FAILED.stored(), Updates.set("failure", reason),
                Updates.set("failed_at", new Date()));
    }

    /**
     * Fails a selection that no worker holds and that is not finished (it waits on another service, or its next
     * step is not claimed yet), saying why; true when this call did. A held step ends by its worker.
     */
    public boolean failUnclaimed(String id, String reason) {
        return selections.updateOne(and(eq("_id", id), in(ClaimStore.STATUS,
                        List.of(SelectionStatus.WAITING_FOR_SCORES.stored(), SelectionStatus.WAITING_FOR_MODELS.stored(),
                                SelectionStatus.SELECTING.stored(), SelectionStatus.SCORING.stored(),
                                SelectionStatus.ANALYZING.stored()))),
                Updates.combine(Updates.set(ClaimStore.STATUS, SelectionStatus.FAILED.stored()),
                        Updates.set("failure", reason), Updates.set("failed_at", new Date()))).getModifiedCount() == 1;
    }

    public void markCompletionPublished(String id) {
        selections.updateOne(eq("_id", id), Updates.set("completion_published", true));
    }

    /** Completed selections whose selection.completed never reached Kafka, finished before {@code settledFor}. */
    public List<SelectionJob> completionUnpublished(Duration settledFor, int limit) {
        return selections.find(and(eq(ClaimStore.STATUS, SelectionStatus.COMPLETED.stored()),
                        eq("completion_published", false),
                        lt("completed_at", Date.from(Instant.now().minus(settledFor)))))
                .limit(limit).map(SelectionRepository::read).into(new ArrayList<>());
    }

    /** The stored JSON report of a completed selection. */
    public Optional<String> report(String id) {
        return Optional.ofNullable(reports.find(eq("_id", id)).first()).map(d -> {
            d.remove("_id");
            return d.toJson();
        });
    }

    static SelectionJob read(Document d) {
        List<Selection> made = new ArrayList<>();
        for (Document s : d.getList("selections", Document.class)) {
            made.add(new Selection(s.getString("name"), s.getString("method"), s.getString("proxy_scale"),
                    s.getList("documents", String.class), s.getString("rule")));
        }
        Document results = d.get("results", Document.class);
        return new SelectionJob(d.getString("_id"),
                EventJson.decode(EventType.SELECTION_REQUESTED, d.get("request", Document.class).toJson()),
                SelectionStatus.of(d.getString(ClaimStore.STATUS)), SelectionStatus.of(d.getString("phase")),
                d.getDate("received_at").toInstant(), List.copyOf(made), d.getString("progress"),
                d.getString("failure"), results == null ? null
                        : EventJson.decode(EventType.SELECTION_COMPLETED, results.toJson()),
                d.getBoolean("completion_published", false), d.getInteger(ClaimStore.ATTEMPTS, 0),
                d.getInteger(ClaimStore.TAKEOVERS, 0));
    }
}
