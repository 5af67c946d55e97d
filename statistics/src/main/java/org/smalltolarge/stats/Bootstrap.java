package org.smalltolarge.stats;

import java.util.Arrays;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Percentile bootstrap over paired points (in the evaluator: distributions). Resamples are drawn once with a
 * seeded {@link Random} (whose algorithm Java specifies, so results repeat across JVMs) and can be shared by
 * several statistics of one comparison, which keeps their intervals comparable.
 *
 * <p>Resamples where the statistic is undefined are skipped and counted ({@link Interval#skipped()}). With the
 * correlations of {@link Correlation} that is every resample in which either vector is constant in the sense of
 * {@link Correlation#isConstant}: one point drawn every time, or only points whose values differ by rounding
 * noise; Pearson, Spearman and R^2 skip exactly the same resamples. When more than half are skipped the interval
 * is undefined (null bounds and a reason) rather than built from a biased remainder.
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    /**
     * {@code resamples} rows of {@code n} indices drawn uniformly with replacement from 0..n-1; the same seed gives
     * the same rows.
     *
     * @throws IllegalArgumentException when n or resamples is below 1
     */
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
     * interpolated as in {@link Quantiles}). Each row of {@code resamples} picks the points (indices into x and y)
     * of one resample. Does not look at the statistic of the full sample: a caller whose point estimate is
     * undefined should not ask for its interval.
     *
     * @throws IllegalArgumentException when x and y differ in length, there are no resamples, or level is not
     *                                  in (0, 1)
     */
    public static Interval percentile(double[] x, double[] y, BiFunction<double[], double[], StatResult> statistic,
            int[][] resamples, double level) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("vectors differ in length: " + x.length + " and " + y.length);
        }
        if (resamples.length == 0) {
            throw new IllegalArgumentException("need at least one resample");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must lie in (0, 1), got " + level);
        }
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

    /**
     * A bootstrap interval; low and high are null, with a reason, when undefined.
     *
     * @param resamples how many resamples were drawn
     * @param used      resamples where the statistic was defined: the interval's sample
     * @param skipped   resamples where it was undefined (resamples = used + skipped)
     */
    public record Interval(Double low, Double high, double level, int resamples, int used, int skipped,
            String reason) {
    }
}
