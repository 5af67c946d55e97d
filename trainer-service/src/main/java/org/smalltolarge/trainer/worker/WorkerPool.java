package org.smalltolarge.trainer.worker;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.jboss.logging.Logger;
import org.smalltolarge.lm.NativeRuntime;
import org.smalltolarge.trainer.config.TrainerConfig;
import org.smalltolarge.trainer.repository.RunRepository;

/**
 * The training slots of this process ({@code trainer.workers}). Each slot takes a run id woken by a Kafka
 * request, or finds one in MongoDB when idle (a run whose request was accepted by a process that died, or a
 * running run whose worker stopped renewing its claim), claims it atomically and trains it.
 */
@ApplicationScoped
public class WorkerPool {
    private static final Logger LOG = Logger.getLogger(WorkerPool.class);

    private final TrainerConfig config;
    private final RunRepository runs;
    private final RunExecutor executor;
    private final LinkedBlockingQueue<String> woken = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger busy = new AtomicInteger();
    private volatile boolean stopping;

    public WorkerPool(TrainerConfig config, RunRepository runs, RunExecutor executor) {
        this.config = config;
        this.runs = runs;
        this.executor = executor;
    }

    void start(@Observes StartupEvent event) {
        if (config.workers() <= 0) {
            LOG.info("trainer.workers=0: this process plans studies and trains nothing");
            return;
        }
        NativeRuntime.configureThreads(config.threadsPerWorker(), 1);
        String host = hostName();
        for (int slot = 0; slot < config.workers(); slot++) {
            String worker = host + "/" + slot;
            Thread t = new Thread(() -> loop(worker), "trainer-worker-" + slot);
            threads.add(t);
            t.start();
        }
        LOG.infof("%d training worker(s), %d thread(s) each, device %s", config.workers(),
                config.threadsPerWorker(), config.device());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    /** A training request arrived for this run: some idle slot of this process should try to claim it. */
    public void wake(String runId) {
        woken.offer(runId);
    }

    /** Slots training right now. */
    public int busy() {
        return busy.get();
    }

    private void loop(String worker) {
        NativeRuntime.configureThreads(config.threadsPerWorker(), 1); // on this thread: OpenMP counts per thread
        while (!stopping) {
            try {
                Optional<Document> claimed = next(worker);
                if (claimed.isEmpty()) {
                    continue;
                }
                busy.incrementAndGet();
                try {
                    LOG.infof("%s trains run %s (attempt %d)", worker, claimed.get().getString("_id"),
                            claimed.get().getInteger("attempts", 1));
                    executor.execute(claimed.get(), worker, () -> stopping);
                } finally {
                    busy.decrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // MongoDB or Kafka unreachable for a moment: wait, then look again; never let a slot die.
                LOG.warnf("%s: %s; retrying after the scan interval", worker, e.getMessage());
                sleep(config.scanInterval().toMillis());
            }
        }
    }

    /** A woken run if one arrives within the scan interval, else a run found in MongoDB; claimed or empty. */
    private Optional<Document> next(String worker) throws InterruptedException {
        String runId = woken.poll(config.scanInterval().toMillis(), TimeUnit.MILLISECONDS);
        if (stopping) {
            return Optional.empty();
        }
        if (runId != null) {
            return runs.claim(runId, worker, config.staleClaimAfter());
        }
        for (String candidate : runs.claimable(config.staleClaimAfter(), 8)) {
            Optional<Document> claimed = runs.claim(candidate, worker, config.staleClaimAfter());
            if (claimed.isPresent()) {
                return claimed;
            }
        }
        return Optional.empty();
    }

    private static String hostName() {
        String pod = System.getenv("HOSTNAME");
        if (pod != null && !pod.isBlank()) {
            return pod + "-" + ProcessHandle.current().pid();
        }
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
        } catch (java.net.UnknownHostException e) {
            return "trainer-" + ProcessHandle.current().pid();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
