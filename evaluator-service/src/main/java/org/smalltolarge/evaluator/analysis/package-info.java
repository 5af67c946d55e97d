/**
 * The cross-scale analysis of a study: do proxies trained on each data distribution predict the reference?
 *
 * <p>Entry point: {@link org.smalltolarge.evaluator.analysis.StudyAnalyzer#analyze}. Inputs are the plan
 * ({@link org.smalltolarge.evaluator.analysis.StudyLayout}) and per-example predictions
 * ({@link org.smalltolarge.evaluator.analysis.RunPredictions}); the output
 * ({@link org.smalltolarge.evaluator.analysis.StudyAnalysis}) is immutable, serialises to snake_case JSON with
 * any Jackson mapper, and never holds NaN: an undefined figure is null next to a reason.
 *
 * <p>Rules, also written into every result ({@code methods}): R^2 is the squared Pearson r (coefficient of
 * determination of the least-squares line with intercept); Spearman is Pearson of average ranks; percentile
 * bootstrap over distributions with a seeded {@link java.util.Random}, skipping and counting undefined resamples;
 * decision accuracy excludes pairs the reference ties and counts pairs only the proxy ties as one half;
 * "at or below chance" means accuracy &lt;= chance + 2 binomial standard errors at chance; a comparison needs at
 * least 3 distributions present for both proxy and reference; runs scored on another suite content hash are
 * excluded and reported.
 *
 * <p>The statistics themselves (correlations and when they are undefined, the bootstrap, quantiles, histograms)
 * come from the {@code statistics} module, package {@link org.smalltolarge.stats}; this package applies them to
 * a study.
 */
package org.smalltolarge.evaluator.analysis;
