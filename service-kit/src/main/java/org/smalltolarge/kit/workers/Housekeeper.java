package org.smalltolarge.kit.workers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Periodic repair work of a service, on its own thread and apart from the worker slots: re-publishing events
 * that a crash kept from Kafka, finishing what a dead process left half done. Each task runs once per interval;
 * a failing task is logged and tried again at the next round, and never stops the others.
 */
public final class Housekeeper {
    private static final Logger LOG = Logger.getLogger(Housekeeper.class);

    private record Task(String name, Runnable body) {
    }

    private final String name;
    private final Duration interval;
    private final List<Task> tasks = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread thread;

    public Housekeeper(String name, Duration interval) {
        this.name = name;
        this.interval = interval;
    }

    /** Adds a task; call before {@link #start}. */
    public synchronized Housekeeper task(String taskName, Runnable body) {
        if (thread != null) {
            throw new IllegalStateException("housekeeping '" + name + "' is running; add tasks before start()");
        }
        tasks.add(new Task(taskName, body));
        return this;
    }

    public synchronized void start() {
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop(Duration grace) throws InterruptedException {
        stopped.countDown();
        if (thread != null) {
            thread.join(grace.toMillis());
        }
    }

    /** One round of every task, now, on the caller's thread (tests, and the loop itself). */
    public void runOnce() {
        for (Task task : tasks) {
            try {
                task.body().run();
            } catch (RuntimeException e) {
                LOG.warnf(e, "housekeeping '%s' failed: %s; tried again in %s", task.name(), e.getMessage(), interval);
            }
        }
    }

    private void loop() {
        try {
            while (!stopped.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                runOnce();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
