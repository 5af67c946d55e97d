package org.smalltolarge.stats;

import java.util.Arrays;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Percentile bootstrap over paired points (here: distributions). Resamples are drawn once with a seeded
 * {@link Random} (whose algorithm Java specifies, so results repeat across JVMs) and shared by every statistic
 * of a comparison, which keeps their intervals comparable. Resamples where the statistic is undefined (e.g. one
 * distribution drawn every time) are skipped and counted; when more than half are skipped the interval is
 * undefined rather than built from a biased remainder.
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    /** {@code resamples} rows of {@code n} indices drawn uniformly with replacement from 0..n-1. */
    public static int[][] resampleIndices(int n, int resamples, long seed) {
        if (n < 1 || resamples < 1) {
            throw new IllegalArgumentException("need n >= 1 and resamples >= 1, got " + n + " and " + resamples);
        }
        Random random = new Random(seed);
        int[][] rows = new int[resamples][n];
        for (int[] row : rows) {
            for (int i = 0; i < n; i++) {
                row[i] = random.nextInt(n);
            }
        }
        return rows;
    }

    /**
     * Percentile interval at {@code level} (e.g. 0.95: the 2.5% and 97.5% quantiles of the resampled statistic,
     * interpolated as in {@link Quantiles}).
     */
    public static Interval percentile(double[] x, double[] y, BiFunction<double[], double[], StatResult> statistic,
            int[][] resamples, double level) {
        double[] values = new double[resamples.length];
        int used = 0;
        for (int[] rows : resamples) {
            double[] xs = new double[rows.length];
            double[] ys = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                xs[i] = x[rows[i]];
                ys[i] = y[rows[i]];
            }
            StatResult r = statistic.apply(xs, ys);
            if (r.defined()) {
                values[used++] = r.value();
            }
        }
        int skipped = resamples.length - used;
        if (used * 2 < resamples.length) {
            return new Interval(null, null, level, resamples.length, used, skipped, "only " + used + " of "
                    + resamples.length + " resamples gave a defined value (need at least half)");
        }
        double[] sorted = Arrays.copyOf(values, used);
        Arrays.sort(sorted);
        double tail = (1 - level) / 2;
        return new Interval(Quantiles.quantileOfSorted(sorted, tail), Quantiles.quantileOfSorted(sorted, 1 - tail),
                level, resamples.length, used, skipped, null);
    }

    /** A bootstrap interval; low/high are null (with a reason) when undefined. */
    public record Interval(Double low, Double high, double level, int resamples, int used, int skipped,
            String reason) {
    }
}
