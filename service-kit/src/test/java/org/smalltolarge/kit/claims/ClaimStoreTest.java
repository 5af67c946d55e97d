package org.smalltolarge.kit.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.smalltolarge.testsupport.TestServers;

/** The claim rules, against a real MongoDB-protocol server (the project's own, or the environment's). */
@Tag("slow") // needs a MongoDB-protocol server
class ClaimStoreTest {
    private static final ClaimStates STATES = new ClaimStates("running", List.of("planned", "waiting"), "created_at");
    private static final Duration STALE = Duration.ofMinutes(2);

    /** A clock the test moves by hand, so heartbeats age without waiting. */
    private static final class HandClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    /** What a repository would read a document as. */
    record Item(String id, String status, String worker, int attempts, int takeovers) {
    }

    private static MongoClient mongo;
    private MongoCollection<Document> items;
    private HandClock clock;
    private ClaimStore<Item> store;

    @BeforeAll
    static void connect() {
        mongo = MongoClients.create(TestServers.mongoConnectionString());
    }

    @AfterAll
    static void close() {
        mongo.close();
    }

    @BeforeEach
    void freshCollection() {
        items = mongo.getDatabase("service_kit_tests").getCollection("claims_" + UUID.randomUUID().toString().replace("-", ""));
        clock = new HandClock();
        store = new ClaimStore<>(items, STATES, d -> new Item(d.getString("_id"), d.getString("status"),
                d.getString("worker"), d.getInteger("attempts", 0), d.getInteger("takeovers", 0)), clock);
    }

    private void insert(String id, String status, int ageMinutes) {
        items.insertOne(new Document("_id", id).append("status", status)
                .append("created_at", Date.from(clock.instant().minus(Duration.ofMinutes(ageMinutes)))));
    }

    @Test
    void anOpenItemIsClaimedOnceAndCountsTheAttempt() {
        insert("a", "planned", 0);
        Optional<Item> first = store.claim("a", "w1", STALE);
        assertEquals(Optional.of(new Item("a", "running", "w1", 1, 0)), first);
        assertTrue(store.claim("a", "w2", STALE).isEmpty(), "a fresh claim is not taken over");
        assertTrue(store.claim("unknown", "w2", STALE).isEmpty());
    }

    @Test
    void aClaimWhoseHeartbeatStoppedIsTakenOverAsANewAttempt() {
        insert("a", "planned", 0);
        store.claim("a", "w1", STALE);
        clock.advance(STALE.minusSeconds(1));
        assertTrue(store.renew("a", "w1"), "the holder renews");
        clock.advance(STALE.minusSeconds(1));
        assertTrue(store.claim("a", "w2", STALE).isEmpty(), "renewed less than the stale limit ago");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Optional.of(new Item("a", "running", "w2", 2, 1)), store.claim("a", "w2", STALE));
        assertFalse(store.renew("a", "w1"), "the old holder learns it lost the claim");
        assertFalse(store.finish("a", "w1", "completed"), "and cannot finish the item");
        assertTrue(store.finish("a", "w2", "completed", Updates.set("result", 42)));
        Document done = items.find(Filters.eq("_id", "a")).first();
        assertEquals("completed", done.getString("status"));
        assertEquals(42, done.getInteger("result"));
        clock.advance(STALE.multipliedBy(10));
        assertTrue(store.claim("a", "w3", STALE).isEmpty(), "a finished item is never claimed again");
    }

    @Test
    void aReleasedItemIsOpenAgainAtOnce() {
        insert("a", "planned", 0);
        store.claim("a", "w1", STALE);
        assertFalse(store.release("a", "w2", "waiting"), "only the holder releases");
        assertTrue(store.release("a", "w1", "waiting", Updates.set("why", "plan missing")));
        Document released = items.find(Filters.eq("_id", "a")).first();
        assertEquals("waiting", released.getString("status"));
        assertFalse(released.containsKey("worker"));
        assertEquals("plan missing", released.getString("why"));
        Item again = store.claim("a", "w2", STALE).orElseThrow();
        assertEquals(2, again.attempts());
        assertEquals(0, again.takeovers(), "a release is not a take-over");
        assertThrows(IllegalArgumentException.class, () -> store.release("a", "w2", "completed"),
                "releasing into a status nobody claims from would strand the item");
    }

    @Test
    void candidatesAreReadyOrStaleItemsOldestFirst() {
        insert("young", "planned", 1);
        insert("old", "planned", 5);
        insert("not-ready", "waiting", 9);
        insert("done", "completed", 9);
        insert("held", "planned", 3);
        store.claim("held", "w1", STALE);
        assertEquals(List.of("old", "young"), store.claimable(Filters.eq("status", "planned"), STALE, 10));
        clock.advance(STALE.plusSeconds(1));
        assertEquals(List.of("held", "old", "young"), store.claimable(Filters.eq("status", "planned"), STALE, 10),
                "a stale claim comes first: its work was under way and its worker is gone");
        assertEquals(List.of("held"), store.claimable(Filters.eq("status", "planned"), STALE, 1));
    }

    @Test
    void anItemThatKeepsWaitingGoesToTheBackOfTheCandidates() {
        insert("waits", "planned", 9);
        store.claim("waits", "w1", STALE);
        store.release("waits", "w1", "waiting"); // e.g. its suites are missing here
        clock.advance(Duration.ofSeconds(1));
        insert("new", "planned", 0);
        assertEquals(List.of("new", "waits"), store.claimable(Filters.in("status", "planned", "waiting"), STALE, 10));
        assertEquals(List.of("new"), store.claimable(Filters.in("status", "planned", "waiting"), STALE, 1),
                "the newcomer is not starved by a limit");
    }

    @Test
    void updatesWhileHeldApplyOnlyForTheHolder() {
        insert("a", "planned", 0);
        store.claim("a", "w1", STALE);
        assertFalse(store.updateHeld("a", "w2", Updates.set("device", "cpu")));
        assertTrue(store.updateHeld("a", "w1", Updates.set("device", "cpu")));
        assertEquals("cpu", items.find(Filters.eq("_id", "a")).first().getString("device"));
    }

    @Test
    void itemsAreReadBackAsRecordsWhateverTheirStatus() {
        insert("b", "planned", 0);
        insert("a", "completed", 0);
        insert("c", "planned", 0);
        assertEquals(Optional.of(new Item("a", "completed", null, 0, 0)), store.find("a"));
        assertTrue(store.find("zzz").isEmpty());
        assertEquals(List.of("b", "c"), store.list(Filters.eq("status", "planned")).stream().map(Item::id).toList(),
                "in id order");
    }

    @Test
    void statesMustSeparateClaimedFromOpen() {
        assertThrows(IllegalArgumentException.class, () -> new ClaimStates("running", List.of("running"), "t"));
        assertThrows(IllegalArgumentException.class, () -> new ClaimStates("running", List.of(), "t"));
    }
}
