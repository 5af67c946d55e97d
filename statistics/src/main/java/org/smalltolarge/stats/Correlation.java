package org.smalltolarge.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;

/**
 * Pearson's r, Spearman's rho and R^2 of two paired vectors, with explicit "undefined" results instead of NaN.
 *
 * <p>Degenerate input is treated alike by all three statistics:
 * <ul>
 * <li>vectors of different lengths: {@link IllegalArgumentException};
 * <li>a NaN or infinite value: {@link IllegalArgumentException} naming the vector and the position;
 * <li>fewer than 2 points: undefined ("fewer than 2 points");
 * <li>either vector constant in the sense of {@link #isConstant}: undefined, the reason names the vector.
 * </ul>
 * The optional names ({@code xName}, {@code yName}) appear in those reasons and errors; they default to "x" and
 * "y". A defined result is finite and lies in [-1, 1] (R^2 in [0, 1]).
 */
public final class Correlation {
    /**
     * Relative spread up to which a vector counts as constant. Means of identical numbers summed in another order
     * differ by a few units in the last place (about 1e-16 relative); 1e-12 leaves room for thousands of those
     * and is still far below any difference a model's losses show.
     */
    public static final double CONSTANT_TOLERANCE = 1e-12;

    private Correlation() {
    }

    /**
     * Whether the values are all equal up to floating-point noise: their range (max - min) is at most
     * {@link #CONSTANT_TOLERANCE} times their magnitude (the largest absolute value). The rule is relative, so
     * it does not depend on the unit: 3.0 and the double next to it are constant, while 1e-9, 2e-9, 3e-9 (or
     * the same at any other scale) are not. Exactly equal values, all zeros, one value and no value are constant.
     *
     * @throws IllegalArgumentException when a value is NaN or infinite
     */
    public static boolean isConstant(double[] values) {
        requireFinite(values, "values");
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double d : values) {
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        if (values.length < 2) {
            return true;
        }
        double magnitude = Math.max(Math.abs(min), Math.abs(max));
        return max - min <= CONSTANT_TOLERANCE * magnitude;
    }

    /** {@link #pearson(double[], double[], String, String)} with the vectors called "x" and "y". */
    public static StatResult pearson(double[] x, double[] y) {
        return pearson(x, y, "x", "y");
    }

    /**
     * Pearson's r (the sample correlation coefficient). Undefined for fewer than 2 points or a constant vector;
     * see the class comment for the rules.
     */
    public static StatResult pearson(double[] x, double[] y, String xName, String yName) {
        requirePaired(x, y, xName, yName);
        if (x.length < 2) {
            return StatResult.undefined("fewer than 2 points");
        }
        if (isConstant(x)) {
            return constant(xName, x);
        }
        if (isConstant(y)) {
            return constant(yName, y);
        }
        // Scaling by a power of two is exact, so r is bit for bit what it would be unscaled, but squares of
        // very small or very large values can no longer underflow or overflow.
        x = toUnitExponent(x);
        y = toUnitExponent(y);
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        double r = sxy / Math.sqrt(sxx * syy);
        return StatResult.of(Math.max(-1, Math.min(1, r)));
    }

    /** {@link #spearman(double[], double[], String, String)} with the vectors called "x" and "y". */
    public static StatResult spearman(double[] x, double[] y) {
        return spearman(x, y, "x", "y");
    }

    /**
     * Spearman's rho: Pearson's r of the average ranks ({@link #averageRanks}). Undefined under the same rules as
     * Pearson, applied to the values themselves: a vector that {@link #isConstant} is one tie, however its
     * rounding noise would order it. The reason then names the vector with " (ranks)" appended.
     */
    public static StatResult spearman(double[] x, double[] y, String xName, String yName) {
        requirePaired(x, y, xName, yName);
        return pearson(ranksForSpearman(x), ranksForSpearman(y), xName + " (ranks)", yName + " (ranks)");
    }

    /** {@link #rSquared(double[], double[], String, String)} with the vectors called "x" and "y". */
    public static StatResult rSquared(double[] x, double[] y) {
        return rSquared(x, y, "x", "y");
    }

    /**
     * R^2: the squared Pearson r, i.e. the coefficient of determination of the least-squares line with intercept
     * (not of the fit around y = x). Undefined exactly when Pearson is, with Pearson's reason.
     */
    public static StatResult rSquared(double[] x, double[] y, String xName, String yName) {
        StatResult r = pearson(x, y, xName, yName);
        return r.defined() ? StatResult.of(r.value() * r.value()) : r;
    }

    /**
     * 1-based ranks in the order of {@code values}; exactly equal values share the mean of the ranks they span
     * (1, 1, 2 ranks as 1.5, 1.5, 3). Unlike {@link #spearman}, nearly equal values are not tied here.
     *
     * @throws IllegalArgumentException when a value is NaN or infinite
     */
    public static double[] averageRanks(double[] values) {
        requireFinite(values, "values");
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        int start = 0;
        while (start < order.length) {
            int end = start;
            while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = rank;
            }
            start = end + 1;
        }
        return ranks;
    }

    private static double[] ranksForSpearman(double[] values) {
        if (isConstant(values)) {
            double[] tied = new double[values.length];
            Arrays.fill(tied, (values.length + 1) / 2.0);
            return tied;
        }
        return averageRanks(values);
    }

    private static StatResult constant(String name, double[] values) {
        return StatResult.undefined(name + " is constant across the " + values.length + " points ("
                + String.format(Locale.ROOT, "%.6g", values[0]) + ")");
    }

    private static void requirePaired(double[] x, double[] y, String xName, String yName) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("vectors differ in length: " + x.length + " and " + y.length);
        }
        requireFinite(x, xName);
        requireFinite(y, yName);
    }

    private static void requireFinite(double[] values, String name) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + values[i]
                        + "; correlations need finite values");
            }
        }
    }

    /** The values times the power of two that brings the largest magnitude into [1, 2). */
    private static double[] toUnitExponent(double[] values) {
        double magnitude = 0;
        for (double v : values) {
            magnitude = Math.max(magnitude, Math.abs(v));
        }
        int exponent = Math.getExponent(magnitude);
        if (exponent == 0) {
            return values;
        }
        double[] scaled = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            scaled[i] = Math.scalb(values[i], -exponent);
        }
        return scaled;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double d : values) {
            sum += d;
        }
        return sum / values.length;
    }
}
