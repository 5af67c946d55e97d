package org.smalltolarge.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import org.smalltolarge.spec.SpecLimits;

/**
 * Settings of the trainer service ({@code trainer.*} in application.properties, or TRAINER_* variables).
 * The limits say what this deployment's workers accept: a study beyond them is rejected before anything
 * is stored, and the error names the setting (see {@link SpecLimits}).
 */
@ConfigMapping(prefix = "trainer")
public interface TrainerConfig {
    long maxParams();

    long maxTokensPerRun();

    int maxContext();

    int maxRuns();

    default SpecLimits limits() {
        return new SpecLimits(maxParams(), maxTokensPerRun(), maxContext(), maxRuns());
    }

    /**
     * Training slots in this process; 0 makes a planner-only pod. Small CPU models train faster as several
     * single-thread workers than as one worker with many threads.
     */
    @WithDefault("1")
    int workers();

    /** Intra-op threads of the native engine per worker, set on each worker's thread (OpenMP counts per thread). */
    @WithDefault("1")
    int threadsPerWorker();

    /** "auto" (CUDA when present, else CPU), "cpu" or "cuda". */
    @WithDefault("auto")
    String device();

    /** Root of the directory checkpoint store (a persistent volume in Kubernetes). */
    String checkpointDir();

    /** Where the demo corpus is built; a spec's corpus "demo" means this folder. */
    String corpusDir();

    @WithDefault("200")
    int checkpointEverySteps();

    /** Validation windows scored at the end of a run for its validation loss. */
    @WithDefault("64")
    int validationWindows();

    /** How often a training worker publishes progress and renews its claim on the run (its heartbeat). */
    @WithDefault("5S")
    Duration progressInterval();

    /** A claim not renewed for this long belongs to a dead worker and may be taken over. */
    @WithDefault("2M")
    Duration staleClaimAfter();

    /** How often idle workers look in MongoDB for runs nobody trains (lost wake-ups, dead workers). */
    @WithDefault("30S")
    Duration scanInterval();
}
