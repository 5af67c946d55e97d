package org.smalltolarge.evaluator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.smalltolarge.kit.workers.SlotSettings;

/**
 * Settings of the evaluator service ({@code evaluator.*} in application.properties, or EVALUATOR_* variables): the
 * one place where each setting, its default and its meaning are written (READMEs link here). The worker-slot
 * settings ({@code evaluator.workers}, {@code evaluator.threads-per-worker}, {@code evaluator.device},
 * {@code evaluator.scan-interval}, which also paces housekeeping, {@code evaluator.heartbeat-interval},
 * {@code evaluator.stale-claim-after}, {@code evaluator.max-takeovers}) are shared by every service: see {@link SlotSettings};
 * {@code evaluator.workers=0} makes a pod that records and analyses but scores nothing.
 */
@ConfigMapping(prefix = "evaluator")
public interface EvaluatorConfig extends SlotSettings {
    /**
     * The corpus whose {@code suites/} folder holds the evaluation suites (the demo corpus built by
     * {@code bin/data build}). Every run of every study is scored on these suites.
     */
    String corpusDir();

    /** Sequences per forward pass when scoring. */
    @WithDefault("32")
    int batchSize();


    /** Bootstrap resamples per comparison in the analysis. */
    @WithDefault("2000")
    int bootstrapResamples();

    /**
     * Analyse a study while its runs finish: after a run's predictions are stored, a partial analysis over the
     * runs evaluated so far is stored and published (study.analyzed with complete false), at most once per
     * {@link #liveAnalysisInterval()}; housekeeping catches up on runs that finished within an interval.
     */
    @WithDefault("true")
    boolean liveAnalysis();

    /** The least time between two live partial analyses of one study (ISO-8601 or e.g. {@code 20s}; 0 for every run). */
    @WithDefault("20s")
    java.time.Duration liveAnalysisInterval();

    /** Base URL under which this service's REST API is reachable; study.analyzed carries the report's URL. */
    @WithDefault("http://localhost:8082")
    String publicUrl();
}
