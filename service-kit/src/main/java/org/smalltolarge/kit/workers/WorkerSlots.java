package org.smalltolarge.kit.workers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The worker slots of one process: each slot is a thread that takes an id woken by an incoming event, or, when
 * none arrives within the scan interval, looks for claimable work in storage (a wake-up lost with a dead process,
 * a claim gone stale), claims it and processes it. A slot never dies: storage or broker errors are logged and the
 * slot looks again after the scan interval.
 *
 * @param <T> the claimed item
 */
public final class WorkerSlots<T> {
    private static final Logger LOG = Logger.getLogger(WorkerSlots.class);

    private final String name;
    private final ClaimedWork<T> work;
    private final Duration scanInterval;
    private final Runnable onSlotThread;
    private final LinkedBlockingQueue<String> woken = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger busy = new AtomicInteger();
    private volatile boolean stopping;

    /**
     * @param name         thread-name prefix, e.g. "trainer-worker"
     * @param onSlotThread runs first on every slot thread (native thread settings are per thread)
     */
    public WorkerSlots(String name, ClaimedWork<T> work, Duration scanInterval, Runnable onSlotThread) {
        this.name = name;
        this.work = work;
        this.scanInterval = scanInterval;
        this.onSlotThread = onSlotThread;
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
    }

    /** Work arrived for this id: some idle slot of this process should try to claim it. */
    public void wake(String id) {
        woken.offer(id);
    }

    /** Slots working right now. */
    public int busy() {
        return busy.get();
    }

    public boolean stopping() {
        return stopping;
    }

    private void loop(String worker) {
        onSlotThread.run();
        while (!stopping) {
            try {
                Optional<T> claimed = next(worker);
                if (claimed.isEmpty()) {
                    continue;
                }
                busy.incrementAndGet();
                try {
                    LOG.infof("%s takes %s", worker, work.describe(claimed.get()));
                    work.process(claimed.get(), worker, () -> stopping);
                } finally {
                    busy.decrementAndGet();
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

    /** A woken id if one arrives within the scan interval, else a candidate found in storage; claimed or empty. */
    private Optional<T> next(String worker) throws InterruptedException {
        String id = woken.poll(scanInterval.toMillis(), TimeUnit.MILLISECONDS);
        if (stopping) {
            return Optional.empty();
        }
        if (id != null) {
            return work.claim(id, worker);
        }
        for (String candidate : work.candidates()) {
            Optional<T> claimed = work.claim(candidate, worker);
            if (claimed.isPresent()) {
                return claimed;
            }
        }
        return Optional.empty();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
