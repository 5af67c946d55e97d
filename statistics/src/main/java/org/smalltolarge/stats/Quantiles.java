package org.smalltolarge.stats;

import java.util.Arrays;

/**
 * Sample quantiles by linear interpolation between order statistics (Hyndman and Fan type 7, R's default).
 * Degenerate input: an empty sample, a NaN value or a level outside [0, 1] is an {@link IllegalArgumentException};
 * a single value is every quantile of its sample.
 */
public final class Quantiles {
    private Quantiles() {
    }

    /** The p-quantile of {@code values} (not modified), p in [0, 1]. */
    public static double quantile(double[] values, double p) {
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException("values[" + i + "] is NaN; quantiles need ordered values");
            }
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return quantileOfSorted(sorted, p);
    }

    /** {@link #quantile} of values already sorted ascending and free of NaN (not checked). */
    static double quantileOfSorted(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("quantile of an empty sample");
        }
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("quantile level must lie in [0, 1], got " + p);
        }
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The median: the middle value, or the mean of the two middle values. */
    public static double median(double[] values) {
        return quantile(values, 0.5);
    }
}
