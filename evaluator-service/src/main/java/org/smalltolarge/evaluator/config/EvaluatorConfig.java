package org.smalltolarge.evaluator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the evaluator service ({@code evaluator.*} in application.properties, or EVALUATOR_* variables). */
@ConfigMapping(prefix = "evaluator")
public interface EvaluatorConfig {
    /** Evaluation slots in this process; 0 makes a pod that records and analyses but scores nothing. */
    @WithDefault("1")
    int workers();

    /** Intra-op threads of the native engine per worker, set on each worker's thread (OpenMP counts per thread). */
    @WithDefault("1")
    int threadsPerWorker();

    /** "auto" (CUDA when present, else CPU), "cpu" or "cuda". */
    @WithDefault("auto")
    String device();

    /**
     * The corpus whose {@code suites/} folder holds the evaluation suites (the demo corpus built by
     * {@code bin/data build}). Every run of every study is scored on these suites.
     */
    String corpusDir();

    /** Sequences per forward pass when scoring. */
    @WithDefault("32")
    int batchSize();

    /** A claim not renewed for this long belongs to a dead worker and may be taken over. */
    @WithDefault("10M")
    Duration staleClaimAfter();

    /** How often idle workers look in MongoDB for work nobody does (lost wake-ups, dead workers). */
    @WithDefault("30S")
    Duration scanInterval();

    /** Bootstrap resamples per comparison in the analysis. */
    @WithDefault("2000")
    int bootstrapResamples();

    /** Base URL under which this service's REST API is reachable; study.analyzed carries the report's URL. */
    @WithDefault("http://localhost:8082")
    String publicUrl();
}
