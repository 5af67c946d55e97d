/**
 * Statistics shared by the services: {@link org.smalltolarge.stats.Correlation} (Pearson, Spearman, R^2 and the
 * one notion of a constant vector that makes each undefined), {@link org.smalltolarge.stats.Bootstrap} (seeded
 * percentile intervals that skip and count undefined resamples), {@link org.smalltolarge.stats.Quantiles} and
 * {@link org.smalltolarge.stats.Histogram}. An undefined statistic is a {@link org.smalltolarge.stats.StatResult}
 * with a reason, never NaN; input that is wrong rather than degenerate (NaN values, mismatched lengths) is an
 * {@link IllegalArgumentException} that says what and where.
 */
package org.smalltolarge.stats;
