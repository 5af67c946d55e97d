package org.smalltolarge.kit.claims;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.client.MongoCollection;
import io.micrometer.core.instrument.Metrics;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Work items in one MongoDB collection (one document per natural id) that at most one worker owns at a time.
 * A worker claims an item with a single atomic findOneAndUpdate (no transactions), renews the claim with
 * heartbeats, and ends it by {@link #finish finishing} (a final status) or {@link #release releasing} it (back to
 * an open status). A claim whose heartbeat is older than the stale limit belongs to a dead worker and may be
 * taken over; the take-over counts as a new attempt and as a take-over (a worker vanished holding it).
 *
 * <p>The store owns the fields {@value #STATUS}, {@value #WORKER}, {@value #CLAIMED_AT}, {@value #HEARTBEAT_AT},
 * {@value #ATTEMPTS} and {@value #TAKEOVERS}; the repository that uses it owns the rest of the document and turns documents into typed
 * records with the reader it passes in, so no caller sees a BSON document.
 *
 * @param <T> the typed record a claimed document is read as
 */
public final class ClaimStore<T> {
    public static final String STATUS = "status";
    public static final String WORKER = "worker";
    public static final String CLAIMED_AT = "claimed_at";
    public static final String HEARTBEAT_AT = "heartbeat_at";
    public static final String ATTEMPTS = "attempts";
    public static final String TAKEOVERS = "takeovers";

    private final MongoCollection<Document> items;
    private final ClaimStates states;
    private final Function<Document, T> reader;
    private final Clock clock;

    public ClaimStore(MongoCollection<Document> items, ClaimStates states, Function<Document, T> reader) {
        this(items, states, reader, Clock.systemUTC());
    }

    /** With a clock of the caller's, so tests can age a heartbeat without waiting. */
    public ClaimStore(MongoCollection<Document> items, ClaimStates states, Function<Document, T> reader, Clock clock) {
        this.items = items;
        this.states = states;
        this.reader = reader;
        this.clock = clock;
    }

    /**
     * Claims the item for {@code worker} if nobody owns it: in an open status, or claimed under a stale heartbeat.
     * Returns the item as claimed (attempts counted), or empty when it is owned, finished or unknown.
     */
    public Optional<T> claim(String id, String worker, Duration staleAfter) {
        Date now = Date.from(clock.instant());
        FindOneAndUpdateOptions after = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);
        Document claimed = items.findOneAndUpdate(and(eq("_id", id), in(STATUS, states.open())),
                claimedBy(worker, now), after);
        if (claimed == null) { // a take-over: the holder stopped renewing its claim
            Date staleBefore = Date.from(now.toInstant().minus(staleAfter));
            claimed = items.findOneAndUpdate(and(eq("_id", id), eq(STATUS, states.claimed()),
                    lt(HEARTBEAT_AT, staleBefore)), Updates.combine(claimedBy(worker, now), Updates.inc(TAKEOVERS, 1)),
                    after);
            if (claimed != null) {
                Metrics.counter("s2l.claim.takeovers", "collection", items.getNamespace().getCollectionName())
                        .increment();
            }
        }
        return Optional.ofNullable(claimed).map(reader);
    }

    private Bson claimedBy(String worker, Date now) {
        return Updates.combine(Updates.set(STATUS, states.claimed()), Updates.set(WORKER, worker),
                Updates.set(CLAIMED_AT, now), Updates.set(HEARTBEAT_AT, now), Updates.inc(ATTEMPTS, 1));
    }

    /**
     * Ids a worker could claim now: items under a stale claim first (work that was under way when its worker died:
     * taking it over first bounds how long a crash delays it, however much new work is queued), longest silent
     * first; then items matching {@code ready} (the caller's rule for open items worth trying, e.g. "planned and
     * announced"), least recently claimed first (never claimed before anything else), then oldest by the states' age
     * field: an item that keeps waiting (released for a missing suite, say) goes to the back and cannot starve newer
     * work.
     */
    public List<String> claimable(Bson ready, Duration staleAfter, int limit) {
        Date staleBefore = Date.from(clock.instant().minus(staleAfter));
        List<String> ids = items.find(and(eq(STATUS, states.claimed()), lt(HEARTBEAT_AT, staleBefore)))
                .sort(Sorts.ascending(HEARTBEAT_AT)).limit(limit)
                .projection(new Document("_id", 1)).map(d -> d.getString("_id")).into(new ArrayList<>());
        if (ids.size() < limit) {
            items.find(ready).sort(Sorts.ascending(CLAIMED_AT, states.ageField())).limit(limit - ids.size())
                    .projection(new Document("_id", 1)).map(d -> d.getString("_id")).into(ids);
        }
        return ids;
    }

    /** Renews the claim (and applies {@code updates}); false when the claim was lost to another worker. */
    public boolean renew(String id, String worker, Bson... updates) {
        List<Bson> all = new ArrayList<>(List.of(Updates.set(HEARTBEAT_AT, Date.from(clock.instant()))));
        all.addAll(List.of(updates));
        return items.updateOne(held(id, worker), Updates.combine(all)).getModifiedCount() == 1;
    }

    /** Ends the claim in a final status with the given updates; false when the claim was lost first. */
    public boolean finish(String id, String worker, String finalStatus, Bson... updates) {
        List<Bson> all = new ArrayList<>(List.of(Updates.set(STATUS, finalStatus)));
        all.addAll(List.of(updates));
        return items.updateOne(held(id, worker), Updates.combine(all)).getModifiedCount() == 1;
    }

    /** Gives the item back in an open status, so that any worker may claim it at once. */
    public boolean release(String id, String worker, String openStatus, Bson... updates) {
        if (!states.open().contains(openStatus)) {
            throw new IllegalArgumentException("'" + openStatus + "' is not an open status of " + states);
        }
        List<Bson> all = new ArrayList<>(List.of(Updates.set(STATUS, openStatus), Updates.unset(WORKER)));
        all.addAll(List.of(updates));
        return items.updateOne(held(id, worker), Updates.combine(all)).getModifiedCount() == 1;
    }

    /** The item with this id, whatever its status. */
    public Optional<T> find(String id) {
        return Optional.ofNullable(items.find(eq("_id", id)).first()).map(reader);
    }

    /** The items matching {@code filter}, in id order. */
    public List<T> list(Bson filter) {
        return items.find(filter).sort(Sorts.ascending("_id")).map(reader::apply).into(new ArrayList<>());
    }

    /** Applies updates only while {@code worker} holds the claim, without renewing it. */
    public boolean updateHeld(String id, String worker, Bson... updates) {
        return items.updateOne(held(id, worker), Updates.combine(updates)).getModifiedCount() == 1;
    }

    private Bson held(String id, String worker) {
        return and(eq("_id", id), eq(STATUS, states.claimed()), eq(WORKER, worker));
    }

}
