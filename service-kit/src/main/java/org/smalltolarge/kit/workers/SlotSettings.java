package org.smalltolarge.kit.workers;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The worker-slot settings every service with claimed work has. A service's {@code @ConfigMapping} interface extends
 * this one, so {@code <prefix>.workers}, {@code <prefix>.threads-per-worker} and the rest mean the same everywhere;
 * the stale limit has no common default (a training step and a scoring batch take very different times), so each
 * service declares it with its own.
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
    @WithDefault("30S")
    Duration scanInterval();

    /** A claim not renewed for this long belongs to a dead worker and may be taken over. */
    Duration staleClaimAfter();
}
