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
 * @param recommendMinCorrelation the Pearson r a proxy must reach (within its interval) to be recommended, set by
 *                           the study ({@code analysis.recommend_min_correlation}); null: the reference's noise
 *                           ceiling decides, where the study has one
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AnalysisSettings(int bootstrapResamples, long bootstrapSeed, double confidenceLevel,
        int histogramBins, Double recommendMinCorrelation) {

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
        if (recommendMinCorrelation != null && !(recommendMinCorrelation > -1 && recommendMinCorrelation <= 1)) {
            throw new IllegalArgumentException("recommend_min_correlation must lie in (-1, 1], got "
                    + recommendMinCorrelation);
        }
    }

    /** Settings as before the recommendation threshold existed: the noise ceiling decides. */
    public AnalysisSettings(int bootstrapResamples, long bootstrapSeed, double confidenceLevel, int histogramBins) {
        this(bootstrapResamples, bootstrapSeed, confidenceLevel, histogramBins, null);
    }

    public static AnalysisSettings defaults() {
        return new AnalysisSettings(2000, 20250521L, 0.95, 20);
    }

    public AnalysisSettings withBootstrapResamples(int resamples) {
        return new AnalysisSettings(resamples, bootstrapSeed, confidenceLevel, histogramBins,
                recommendMinCorrelation);
    }

    public AnalysisSettings withBootstrapSeed(long seed) {
        return new AnalysisSettings(bootstrapResamples, seed, confidenceLevel, histogramBins, recommendMinCorrelation);
    }

    /** @param threshold null: no threshold, the noise ceiling decides */
    public AnalysisSettings withRecommendMinCorrelation(Double threshold) {
        return new AnalysisSettings(bootstrapResamples, bootstrapSeed, confidenceLevel, histogramBins, threshold);
    }
}
