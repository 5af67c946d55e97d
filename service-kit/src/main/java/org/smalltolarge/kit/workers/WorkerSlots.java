package org.smalltolarge.kit.workers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.smalltolarge.kit.claims.Claimed;

/**
 * The worker slots of one process: each slot is a thread that takes an id woken by an incoming event, or, when
 * none arrives within the scan interval, looks for claimable work in storage (a wake-up lost with a dead process,
 * a claim gone stale), claims it and processes it. A slot never dies: storage or broker errors are logged and the
 * slot looks again after the scan interval.
 *
 * <p>While an item is processed, a lease thread renews its claim at a fixed interval, whatever the work is doing
 * (a long training step, a final validation, a large suite): a claim goes stale only when its process is gone, so
 * the stale limit can be short and a crashed worker's item is taken over soon. When a renewal finds the claim lost,
 * the work is asked to stop. An item taken over more often than the limit (it keeps losing its workers, e.g. it
 * crashes its process every time) is given up with a reason instead of being tried forever.
 *
 * @param <T> the claimed item
 */
public final class WorkerSlots<T extends Claimed> {
    private static final Logger LOG = Logger.getLogger(WorkerSlots.class);

    private final String name;
    private final ClaimedWork<T> work;
    private final Duration scanInterval;
    private final Duration leaseRenewal;
    private final int maxTakeovers;
    private final Runnable onSlotThread;
    private final ScheduledExecutorService lease;
    private final LinkedBlockingQueue<String> woken = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    /**
     * @param name         thread-name prefix, e.g. "trainer-worker"
     * @param leaseRenewal how often a claim being worked on is renewed
     * @param maxTakeovers take-overs after which an item is given up
     * @param onSlotThread runs first on every slot thread (native thread settings are per thread)
     */
    public WorkerSlots(String name, ClaimedWork<T> work, Duration scanInterval, Duration leaseRenewal, int maxTakeovers,
            Runnable onSlotThread) {
        if (maxTakeovers < 1) {
            throw new IllegalArgumentException("max take-overs must be >= 1, got " + maxTakeovers);
        }
        this.name = name;
        this.work = work;
        this.scanInterval = scanInterval;
        this.leaseRenewal = leaseRenewal;
        this.maxTakeovers = maxTakeovers;
        this.onSlotThread = onSlotThread;
        this.lease = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-lease");
            t.setDaemon(true);
            return t;
        });
    }

    /** With the settings every service shares ({@link SlotSettings}), which must let a live claim stay fresh. */
    public WorkerSlots(String name, ClaimedWork<T> work, SlotSettings settings, Runnable onSlotThread) {
        this(name, work, settings.scanInterval(), settings.heartbeatInterval(), settings.maxTakeovers(), onSlotThread);
        if (settings.heartbeatInterval().multipliedBy(2).compareTo(settings.staleClaimAfter()) > 0) {
            throw new IllegalArgumentException("heartbeat-interval " + settings.heartbeatInterval()
                    + " must be at most half of stale-claim-after " + settings.staleClaimAfter()
                    + ": otherwise a live worker's claim goes stale and its work is taken over");
        }
    }

    /** Starts {@code slots} threads whose worker names are {@code <process>/<slot>}. */
    public synchronized void start(int slots, String process) {
        for (int slot = 0; slot < slots; slot++) {
            String worker = process + "/" + slot;
            Thread t = new Thread(() -> loop(worker), name + "-" + slot);
            threads.add(t);
            t.start();
        }
    }

    /** Asks every slot to stop and waits up to {@code grace} for each (a slot checkpoints and releases its item). */
    public synchronized void stop(Duration grace) throws InterruptedException {
        stopping = true;
        for (Thread t : threads) {
            t.join(grace.toMillis());
        }
        lease.shutdownNow();
    }

    /** Work arrived for this id: some idle slot of this process should try to claim it. */
    public void wake(String id) {
        woken.offer(id);
    }

    private void loop(String worker) {
        onSlotThread.run();
        while (!stopping) {
            try {
                Optional<T> claimed = next(worker);
                if (claimed.isEmpty()) {
                    continue;
                }
                T item = claimed.get();
                if (item.takeovers() > maxTakeovers) {
                    String reason = "taken over " + item.takeovers() + " times from workers that stopped renewing their"
                            + " claim (limit " + maxTakeovers + "): it keeps losing its workers; given up";
                    LOG.warnf("%s gives up %s: %s", worker, describe(item), reason);
                    work.giveUp(item, worker, reason);
                    continue;
                }
                AtomicBoolean claimLost = new AtomicBoolean();
                ScheduledFuture<?> renewal = lease.scheduleAtFixedRate(() -> renew(item, worker, claimLost),
                        leaseRenewal.toMillis(), leaseRenewal.toMillis(), TimeUnit.MILLISECONDS);
                try {
                    LOG.infof("%s takes %s", worker, describe(item));
                    work.process(item, worker, () -> stopping || claimLost.get());
                } finally {
                    renewal.cancel(false);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // MongoDB or Kafka unreachable for a moment: wait, then look again; never let a slot die.
                LOG.warnf(e, "%s: %s; looking again after %s", worker, e.getMessage(), scanInterval);
                sleep(scanInterval);
            }
        }
    }

    private static String describe(Claimed item) {
        return item.id() + " (attempt " + item.attempts() + ")";
    }

    private void renew(T item, String worker, AtomicBoolean claimLost) {
        try {
            if (!claimLost.get() && !work.renew(item, worker)) {
                claimLost.set(true);
                LOG.warnf("%s lost its claim on %s; asking the work to stop", worker, describe(item));
            }
        } catch (RuntimeException e) {
            // storage unreachable: the claim ages; the next renewal may still come in time
            LOG.warnf("%s could not renew its claim on %s: %s", worker, describe(item), e.getMessage());
        }
    }

    /**
     * When woken, or when the scan interval passes: the first claimable candidate in storage (work under a dead
     * worker's stale claim comes first there), else the woken id; claimed or empty. Looking in storage on a wake-up
     * too matters after a restart, when redelivered requests wake every slot: a crashed run must not wait behind
     * them.
     */
    private Optional<T> next(String worker) throws InterruptedException {
        String id = woken.poll(scanInterval.toMillis(), TimeUnit.MILLISECONDS);
        if (stopping) {
            return Optional.empty();
        }
        for (String candidate : work.candidates()) {
            Optional<T> claimed = work.claim(candidate, worker);
            if (claimed.isPresent()) {
                if (id != null && !id.equals(candidate)) {
                    woken.offer(id); // still to do: the next free slot tries it
                }
                return claimed;
            }
        }
        return id == null ? Optional.empty() : work.claim(id, worker);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
