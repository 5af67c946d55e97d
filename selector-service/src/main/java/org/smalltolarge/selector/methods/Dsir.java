package org.smalltolarge.selector.methods;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * DSIR, data selection with importance resampling (Xie et al., 2023): fit a smoothed categorical distribution over
 * hashed n-gram buckets to the target texts and another to the pool, weight each pool document by the likelihood
 * ratio of its n-grams under the two, and resample {@code k} pool documents without replacement in proportion to
 * those weights.
 *
 * <p>Weights stay in log space throughout (a long document's weight is a product of many small ratios and would
 * overflow or underflow as a plain double), and the resampling uses the Gumbel top-k trick, which needs only log
 * weights. Logarithms are {@link StrictMath}'s, so weights and samples are bit-identical on every JVM.
 */
public final class Dsir {

    public static final double DEFAULT_PSEUDO_COUNT = 1.0;

    private final double[] logWeights;

    private Dsir(double[] logWeights) {
        this.logWeights = logWeights;
    }

    /** {@link #fit(List, List, HashedNgrams, double)} with {@link HashedNgrams#DEFAULT_BUCKETS} and pseudo-count 1. */
    public static Dsir fit(List<String> targetTexts, List<String> poolTexts) {
        return fit(targetTexts, poolTexts, new HashedNgrams(), DEFAULT_PSEUDO_COUNT);
    }

    /**
     * Fits both distributions and weights the pool.
     *
     * @param pseudoCount added to every bucket's count in both distributions (additive smoothing), so no bucket has
     *                    probability zero and every log weight is finite
     */
    public static Dsir fit(List<String> targetTexts, List<String> poolTexts, HashedNgrams features, double pseudoCount) {
        if (targetTexts.isEmpty()) {
            throw new IllegalArgumentException("DSIR needs at least one target text");
        }
        if (!(pseudoCount > 0 && Double.isFinite(pseudoCount))) {
            throw new IllegalArgumentException("pseudoCount must be positive and finite, got " + pseudoCount);
        }
        List<HashedNgrams.Counts> pool = poolTexts.stream().map(features::count).toList();
        double[] logTarget = logProbabilities(targetTexts.stream().map(features::count).toList(), features.buckets(),
                pseudoCount);
        double[] logRaw = logProbabilities(pool, features.buckets(), pseudoCount);
        double[] logRatio = new double[features.buckets()];
        for (int j = 0; j < logRatio.length; j++) {
            logRatio[j] = logTarget[j] - logRaw[j];
        }
        double[] logWeights = new double[pool.size()];
        for (int i = 0; i < logWeights.length; i++) {
            HashedNgrams.Counts document = pool.get(i);
            for (int t = 0; t < document.buckets().length; t++) {
                logWeights[i] += document.counts()[t] * logRatio[document.buckets()[t]];
            }
        }
        return new Dsir(logWeights);
    }

    /** Log importance weight of each pool document, {@code sum_j c_ij (log p_target_j - log p_raw_j)}, in pool order. */
    public double[] logWeights() {
        return logWeights.clone();
    }

    /**
     * {@code k} distinct pool indices drawn without replacement with probability proportional to the importance
     * weights, highest Gumbel key first. The same seed gives the same sample on every machine.
     */
    public int[] sample(int k, long seed) {
        return gumbelTopK(logWeights, k, seed);
    }

    /**
     * The Gumbel top-k trick: the {@code k} largest of {@code logWeights[i] + G_i}, with {@code G_i} independent
     * standard Gumbel, are distributed as {@code k} successive draws without replacement proportional to
     * {@code exp(logWeights[i])}.
     */
    static int[] gumbelTopK(double[] logWeights, int k, long seed) {
        if (k < 0 || k > logWeights.length) {
            throw new IllegalArgumentException(
                    "cannot select k=" + k + " documents from a pool of n=" + logWeights.length);
        }
        SplitMix64 random = new SplitMix64(seed);
        double[] keys = new double[logWeights.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = logWeights[i] - StrictMath.log(-StrictMath.log(random.nextDouble()));
        }
        return IntStream.range(0, keys.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> keys[i]).reversed())
                .limit(k)
                .mapToInt(Integer::intValue)
                .toArray();
    }

    private static double[] logProbabilities(List<HashedNgrams.Counts> documents, int buckets, double pseudoCount) {
        double[] counts = new double[buckets];
        Arrays.fill(counts, pseudoCount);
        double total = pseudoCount * buckets;
        for (HashedNgrams.Counts document : documents) {
            for (int t = 0; t < document.buckets().length; t++) {
                counts[document.buckets()[t]] += document.counts()[t];
                total += document.counts()[t];
            }
        }
        double logTotal = StrictMath.log(total);
        for (int j = 0; j < buckets; j++) {
            counts[j] = StrictMath.log(counts[j]) - logTotal;
        }
        return counts;
    }
}
