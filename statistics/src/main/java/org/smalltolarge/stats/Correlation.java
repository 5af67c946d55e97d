package org.smalltolarge.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;

/**
 * Pearson and Spearman correlation with explicit "undefined" results. A vector counts as constant when its
 * range is at most 1e-12 relative to its magnitude: means of identical losses can differ in the last bit, and a
 * correlation of rounding noise would be meaningless.
 */
public final class Correlation {
    private static final double CONSTANT_TOLERANCE = 1e-12;

    private Correlation() {
    }

    public static StatResult pearson(double[] x, double[] y) {
        return pearson(x, y, "x", "y");
    }

    /** Pearson's r; the names say which vector was constant when it is undefined. */
    public static StatResult pearson(double[] x, double[] y, String xName, String yName) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("vectors differ in length: " + x.length + " and " + y.length);
        }
        if (x.length < 2) {
            return StatResult.undefined("fewer than 2 points");
        }
        if (isConstant(x)) {
            return StatResult.undefined(xName + " is constant across the " + x.length + " points ("
                    + String.format(Locale.ROOT, "%.6g", x[0]) + ")");
        }
        if (isConstant(y)) {
            return StatResult.undefined(yName + " is constant across the " + y.length + " points ("
                    + String.format(Locale.ROOT, "%.6g", y[0]) + ")");
        }
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

    /** Spearman's rho: Pearson's r of the average ranks (tied values share the mean of their ranks). */
    public static StatResult spearman(double[] x, double[] y, String xName, String yName) {
        return pearson(averageRanks(x), averageRanks(y), xName + " (ranks)", yName + " (ranks)");
    }

    public static StatResult spearman(double[] x, double[] y) {
        return spearman(x, y, "x", "y");
    }

    /** R^2: the squared Pearson r; undefined exactly when Pearson is. */
    public static StatResult rSquared(double[] x, double[] y, String xName, String yName) {
        StatResult r = pearson(x, y, xName, yName);
        return r.defined() ? StatResult.of(r.value() * r.value()) : r;
    }

    public static StatResult rSquared(double[] x, double[] y) {
        return rSquared(x, y, "x", "y");
    }

    /** 1-based ranks; a group of equal values gets the mean of the ranks it spans. */
    public static double[] averageRanks(double[] values) {
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

    public static boolean isConstant(double[] v) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        double magnitude = Math.max(1, Math.max(Math.abs(min), Math.abs(max)));
        return max - min <= CONSTANT_TOLERANCE * magnitude;
    }

    static double mean(double[] v) {
        double sum = 0;
        for (double d : v) {
            sum += d;
        }
        return sum / v.length;
    }
}
