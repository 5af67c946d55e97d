package org.smalltolarge.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts in equal-width bins over [low, high]. Bin i covers [edges[i], edges[i+1]); the last bin also holds
 * {@code high}. Edges are computed as low + (high - low) * i / bins from integers, so a value written as an
 * edge (e.g. -0.9 for 20 bins over [-1, 1]) lands in the bin it opens. No values give all-zero counts.
 *
 * @param edges  bins + 1 edges from low to high
 * @param counts values per bin
 */
public record Histogram(double low, double high, List<Double> edges, List<Integer> counts) {

    public Histogram {
        edges = List.copyOf(edges);
        counts = List.copyOf(counts);
    }

    /**
     * Counts {@code values} into {@code bins} equal bins over [low, high].
     *
     * @throws IllegalArgumentException when bins is below 1, low or high is not finite, high is not above low, or
     *                                  a value is NaN or outside [low, high]
     */
    public static Histogram of(double[] values, double low, double high, int bins) {
        if (bins < 1 || !(high > low) || !Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("need bins >= 1 and high > low, got " + bins + ", [" + low + ", "
                    + high + "]");
        }
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = (low * (bins - i) + high * i) / bins;
        }
        int[] counts = new int[bins];
        for (double v : values) {
            if (!(v >= low && v <= high)) {
                throw new IllegalArgumentException("value " + v + " lies outside [" + low + ", " + high + "]");
            }
            int bin = bins - 1;
            for (int i = 1; i <= bins; i++) {
                if (v < edges[i]) {
                    bin = i - 1;
                    break;
                }
            }
            counts[bin]++;
        }
        List<Double> edgeList = new ArrayList<>();
        for (double e : edges) {
            edgeList.add(e);
        }
        List<Integer> countList = new ArrayList<>();
        for (int c : counts) {
            countList.add(c);
        }
        return new Histogram(low, high, edgeList, countList);
    }

    /** The number of values counted. */
    public int total() {
        return counts.stream().mapToInt(Integer::intValue).sum();
    }
}
