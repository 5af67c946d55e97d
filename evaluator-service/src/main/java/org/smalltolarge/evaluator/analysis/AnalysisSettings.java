package org.smalltolarge.evaluator.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Knobs of the analysis, recorded in its output so a result can be reproduced.
 *
 * @param bootstrapResamples resamples of distributions per comparison (B)
 * @param bootstrapSeed      seed of the resampling; each (suite, scale) derives its own from it
 * @param confidenceLevel    of the percentile intervals, e.g. 0.95
 * @param histogramBins      equal-width bins over [-1, 1] for per-example correlations
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AnalysisSettings(int bootstrapResamples, long bootstrapSeed, double confidenceLevel,
        int histogramBins) {

    /** A comparison needs at least this many distributions with both proxy and reference predictions. */
    public static final int MIN_DISTRIBUTIONS = 3;

    public AnalysisSettings {
        if (bootstrapResamples < 1) {
            throw new IllegalArgumentException("bootstrap_resamples must be >= 1, got " + bootstrapResamples);
        }
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException("confidence_level must lie in (0, 1), got " + confidenceLevel);
        }
        if (histogramBins < 1) {
            throw new IllegalArgumentException("histogram_bins must be >= 1, got " + histogramBins);
        }
    }

    public static AnalysisSettings defaults() {
        return new AnalysisSettings(2000, 20250521L, 0.95, 20);
    }

    public AnalysisSettings withBootstrapResamples(int resamples) {
        return new AnalysisSettings(resamples, bootstrapSeed, confidenceLevel, histogramBins);
    }

    public AnalysisSettings withBootstrapSeed(long seed) {
        return new AnalysisSettings(bootstrapResamples, seed, confidenceLevel, histogramBins);
    }
}
