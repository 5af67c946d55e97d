package org.smalltolarge.kit.workers;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The worker-slot settings every service with claimed work has. A service's {@code @ConfigMapping} interface extends
 * this one, so {@code <prefix>.workers}, {@code <prefix>.threads-per-worker} and the rest mean the same everywhere.
 */
public interface SlotSettings {
    /** Worker slots in this process; 0 makes a process that records incoming work but does none. */
    @WithDefault("1")
    int workers();

    /**
     * Intra-op threads of the native engine for each slot (set on the slot's own thread). Small CPU models run
     * faster as several single-thread slots than as one slot with many threads.
     */
    @WithDefault("1")
    int threadsPerWorker();

    /** "auto" (CUDA when present, else CPU), "cpu" or "cuda". */
    @WithDefault("auto")
    String device();

    /** How often idle slots look in MongoDB for work nobody does (lost wake-ups, dead workers). */
    @WithDefault("5S")
    Duration scanInterval();

    /**
     * How often a slot renews the claim on the item it works on, from a thread of its own, whatever the work is
     * doing. Keep it several times shorter than {@link #staleClaimAfter()}.
     */
    @WithDefault("5S")
    Duration heartbeatInterval();

    /**
     * A claim not renewed for this long belongs to a dead process and may be taken over. Renewals do not depend on
     * the work's pace, so this bounds how long a crashed worker's item waits (plus one scan interval): with the
     * defaults a crash delays its work by at most about 35 s, given a free slot somewhere.
     */
    @WithDefault("30S")
    Duration staleClaimAfter();

    /**
     * Take-overs after which an item that keeps losing its workers (it crashes every process that takes it, say)
     * is ended as failed, with the reason, instead of moving from worker to worker for ever.
     */
    @WithDefault("5")
    int maxTakeovers();
}
