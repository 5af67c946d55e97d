package org.smalltolarge.kit.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.smalltolarge.kit.claims.Claimed;

/** Slots claim what is woken or found, process each item once, and survive errors; housekeeping runs apart. */
class WorkerSlotsTest {
    /** An item as a claim store would return it. */
    record Item(String id, int attempts, int takeovers) implements Claimed {
    }

    /** Items in memory, claimed at most once each, like a claim store. */
    private static class Items implements ClaimedWork<Item> {
        final Map<String, String> owner = new ConcurrentHashMap<>();
        final List<String> storedOnly = Collections.synchronizedList(new ArrayList<>());
        final List<String> processed = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failuresLeft = new AtomicInteger();
        final CountDownLatch done;

        Items(int expected) {
            done = new CountDownLatch(expected);
        }

        @Override
        public Optional<Item> claim(String id, String worker) {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("storage unreachable");
            }
            return owner.putIfAbsent(id, worker) == null ? Optional.of(new Item(id, 1, takeovers.getOrDefault(id, 0)))
                    : Optional.empty();
        }

        @Override
        public List<String> candidates() {
            return List.copyOf(storedOnly);
        }

        @Override
        public void process(Item item, String worker, BooleanSupplier stopping) {
            processed.add(item.id());
            done.countDown();
        }

        final Map<String, Integer> takeovers = new ConcurrentHashMap<>();
        final Map<String, String> givenUp = new ConcurrentHashMap<>();
        final AtomicInteger renewals = new AtomicInteger();
        volatile boolean claimStillHeld = true;

        @Override
        public boolean renew(Item item, String worker) {
            renewals.incrementAndGet();
            return claimStillHeld;
        }

        @Override
        public void giveUp(Item item, String worker, String reason) {
            givenUp.put(item.id(), reason);
            done.countDown();
        }
    }

    @Test
    void wokenAndStoredItemsAreEachProcessedOnce() throws Exception {
        Items items = new Items(3);
        items.storedOnly.add("orphan"); // e.g. a request accepted by a process that died
        AtomicInteger slotThreads = new AtomicInteger();
        WorkerSlots<Item> slots = new WorkerSlots<>("test-worker", items, Duration.ofMillis(50),
                Duration.ofSeconds(1), 5, slotThreads::incrementAndGet);
        slots.start(2, "proc");
        slots.wake("a");
        slots.wake("b");
        slots.wake("a"); // a duplicate wake-up: the claim refuses it
        assertTrue(items.done.await(10, TimeUnit.SECONDS));
        Thread.sleep(200);
        slots.stop(Duration.ofSeconds(5));
        assertEquals(2, slotThreads.get(), "each slot ran its thread set-up");
        assertEquals(List.of("a", "b", "orphan"), items.processed.stream().sorted().toList());
        assertTrue(items.owner.values().stream().allMatch(w -> w.startsWith("proc/")), items.owner.toString());
    }

    /** After a restart, redelivered requests wake the slots: the crashed run found in storage still goes first. */
    @Test
    void aWokenSlotTakesWhatStorageListsFirstBeforeTheWokenItem() throws Exception {
        Items items = new Items(2);
        items.storedOnly.add("stale"); // the store lists claims gone stale before anything else
        WorkerSlots<Item> slots = new WorkerSlots<>("test-worker", items, Duration.ofSeconds(30),
                Duration.ofSeconds(1), 5, () -> { });
        slots.wake("new");
        slots.start(1, "proc");
        assertTrue(items.done.await(10, TimeUnit.SECONDS));
        slots.stop(Duration.ofSeconds(5));
        assertEquals(List.of("stale", "new"), items.processed);
    }

    @Test
    void aSlotSurvivesStorageErrors() throws Exception {
        Items items = new Items(1);
        items.failuresLeft.set(2);
        WorkerSlots<Item> slots = new WorkerSlots<>("test-worker", items, Duration.ofMillis(20),
                Duration.ofSeconds(1), 5, () -> { });
        slots.start(1, "proc");
        slots.wake("a");
        items.storedOnly.add("a"); // the wake-up is lost to the error; the scan finds it
        assertTrue(items.done.await(10, TimeUnit.SECONDS));
        slots.stop(Duration.ofSeconds(5));
        assertEquals(List.of("a"), items.processed);
    }

    @Test
    void theClaimIsRenewedWhileTheWorkRunsAndItsLossStopsTheWork() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Items items = new Items(0) {
            @Override
            public void process(Item item, String worker, BooleanSupplier stopping) {
                // a long phase that reports nothing itself, like a final validation
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!stopping.getAsBoolean() && System.nanoTime() < deadline) {
                    if (renewals.get() >= 3) {
                        claimStillHeld = false; // another worker takes the item over
                    }
                    sleepQuietly(5);
                }
                if (stopping.getAsBoolean()) {
                    stopped.countDown();
                }
            }
        };
        WorkerSlots<Item> slots = new WorkerSlots<>("test-worker", items, Duration.ofMillis(20),
                Duration.ofMillis(30), 5, () -> { });
        slots.start(1, "proc");
        slots.wake("long");
        assertTrue(stopped.await(10, TimeUnit.SECONDS), "a lost claim asks the work to stop");
        slots.stop(Duration.ofSeconds(5));
        assertTrue(items.renewals.get() >= 4, "renewed at its interval: " + items.renewals.get());
    }

    @Test
    void anItemThatKeepsLosingItsWorkersIsGivenUpWithAReason() throws Exception {
        Items items = new Items(1);
        items.takeovers.put("crashy", 6);
        WorkerSlots<Item> slots = new WorkerSlots<>("test-worker", items, Duration.ofMillis(20),
                Duration.ofSeconds(1), 5, () -> { });
        slots.start(1, "proc");
        slots.wake("crashy");
        assertTrue(items.done.await(10, TimeUnit.SECONDS));
        slots.stop(Duration.ofSeconds(5));
        assertEquals(List.of(), items.processed, "not processed a sixth time");
        assertTrue(items.givenUp.get("crashy").startsWith("taken over 6 times from workers that stopped renewing their claim (limit 5)"),
                items.givenUp.toString());
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFailingHousekeepingTaskDoesNotStopTheOthers() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch twice = new CountDownLatch(2);
        Housekeeper keeper = new Housekeeper("test-housekeeping", Duration.ofMillis(20))
                .task("broken", () -> {
                    throw new IllegalStateException("always");
                })
                .task("counting", () -> {
                    runs.incrementAndGet();
                    twice.countDown();
                });
        keeper.start();
        assertTrue(twice.await(10, TimeUnit.SECONDS));
        keeper.stop(Duration.ofSeconds(5));
        int after = runs.get();
        Thread.sleep(100);
        assertEquals(after, runs.get(), "stopped housekeeping runs no more rounds");
    }
}
