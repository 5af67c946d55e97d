package org.smalltolarge.attribution.trak;

import org.smalltolarge.stats.Bootstrap;
import org.smalltolarge.stats.Correlation;
import org.smalltolarge.stats.Quantiles;
import org.smalltolarge.stats.StatResult;

import java.util.ArrayList;
import java.util.List;

/**
 * The linear datamodeling score (Park et al., 2023): attribution scores predict the output of a model trained on a
 * subset as the sum of the scores of the subset's members; LDS is the Spearman correlation, over subsets, between
 * those predictions and the outputs actually measured on models trained on the subsets, per target, averaged over
 * targets.
 *
 * <p>The interval is a percentile bootstrap that resamples both the subset models and the targets: every target is
 * measured on the same subset models, so a subset model that came out unusually good or bad (training noise) moves
 * all targets together, and resampling targets alone would give intervals that are too narrow. A target's
 * correlation counts as significant when it is positive and Fisher's z for Spearman's rho,
 * {@code atanh(rho) sqrt((J - 3) / 1.06)} (Fieller et al., 1957), exceeds 1.96 (two-sided 5%).
 */
public final class Lds {

    /**
     * @param mean              LDS: the mean of the per-target correlations that are defined
     * @param low               95% bootstrap interval over subset models and targets (null when undefined)
     * @param high              95% bootstrap interval over subset models and targets (null when undefined)
     * @param perTarget         each target's Spearman correlation (NaN where undefined: constant outputs or predictions)
     * @param significantShare  share of defined targets whose correlation is positive and significant at 5%
     * @param subsets           number of subset models J
     */
    public record Result(double mean, Double low, Double high, double[] perTarget, double significantShare,
                         int subsets, int definedTargets) {
    }

    private Lds() {
    }

    /**
     * @param scores  attribution scores, (targets x training examples) row-major
     * @param masks   per subset model, which training examples it was trained on
     * @param actual  per subset model, its output on each target: (subsets x targets)
     */
    public static Result compute(double[] scores, int trainExamples, boolean[][] masks, double[][] actual,
                                 int resamples, long seed) {
        int subsets = masks.length;
        if (subsets < 4 || actual.length != subsets) {
            throw new IllegalArgumentException("need at least 4 subset models with outputs, got " + subsets
                    + " masks and " + actual.length + " output rows");
        }
        int targets = scores.length / trainExamples;
        if ((long) targets * trainExamples != scores.length) {
            throw new IllegalArgumentException("scores hold " + scores.length + " values, not a multiple of "
                    + trainExamples + " training examples");
        }
        double[][] predicted = new double[targets][subsets];
        double[][] measured = new double[targets][subsets];
        for (int s = 0; s < subsets; s++) {
            if (masks[s].length != trainExamples || actual[s].length != targets) {
                throw new IllegalArgumentException("subset " + s + " has a mask of " + masks[s].length
                        + " and " + actual[s].length + " outputs; expected " + trainExamples + " and " + targets);
            }
        }
        for (int j = 0; j < targets; j++) {
            for (int s = 0; s < subsets; s++) {
                double sum = 0;
                for (int i = 0; i < trainExamples; i++) {
                    if (masks[s][i]) {
                        sum += scores[j * trainExamples + i];
                    }
                }
                predicted[j][s] = sum;
                measured[j][s] = actual[s][j];
            }
        }
        double[] perTarget = new double[targets];
        List<Double> defined = new ArrayList<>();
        int significant = 0;
        double threshold = 1.96 / Math.sqrt((subsets - 3) / 1.06);
        for (int j = 0; j < targets; j++) {
            StatResult rho = Correlation.spearman(predicted[j], measured[j], "predicted", "measured");
            perTarget[j] = rho.defined() ? rho.value() : Double.NaN;
            if (rho.defined()) {
                defined.add(rho.value());
                if (rho.value() > 0 && atanh(Math.min(rho.value(), 1 - 1e-12)) > threshold) {
                    significant++;
                }
            }
        }
        if (defined.isEmpty()) {
            return new Result(Double.NaN, null, null, perTarget, Double.NaN, subsets, 0);
        }
        double mean = mean(defined.stream().mapToDouble(Double::doubleValue).toArray());
        double[] interval = twoWayInterval(predicted, measured, resamples, seed);
        return new Result(mean, interval == null ? null : interval[0], interval == null ? null : interval[1],
                perTarget, significant / (double) defined.size(), subsets, defined.size());
    }

    /**
     * 95% percentile interval of the mean per-target correlation when subset models and targets are both drawn
     * again with replacement; null when fewer than half the resamples give a defined mean. A resample is a multiset
     * of subsets, so each target's two orderings of the subsets are sorted once and every resample's ranks come from
     * one pass over them with multiplicities: O(targets x subsets) per resample.
     */
    static double[] twoWayInterval(double[][] predicted, double[][] measured, int resamples, long seed) {
        int targets = predicted.length;
        int subsets = predicted[0].length;
        int[][] byPredicted = new int[targets][];
        int[][] byMeasured = new int[targets][];
        for (int j = 0; j < targets; j++) {
            byPredicted[j] = order(predicted[j]);
            byMeasured[j] = order(measured[j]);
        }
        int[][] subsetDraws = Bootstrap.resampleIndices(subsets, resamples, seed);
        int[][] targetDraws = Bootstrap.resampleIndices(targets, resamples, seed + 1);
        double[] means = new double[resamples];
        int used = 0;
        int[] count = new int[subsets];
        double[] rankP = new double[subsets];
        double[] rankM = new double[subsets];
        for (int r = 0; r < resamples; r++) {
            java.util.Arrays.fill(count, 0);
            for (int s : subsetDraws[r]) {
                count[s]++;
            }
            double sum = 0;
            int n = 0;
            for (int j : targetDraws[r]) {
                boolean variedP = ranks(predicted[j], byPredicted[j], count, rankP);
                boolean variedM = ranks(measured[j], byMeasured[j], count, rankM);
                if (!variedP || !variedM) {
                    continue; // one side is constant on this resample: undefined, as Spearman is
                }
                double mean = (subsets + 1) / 2.0; // ranks 1..J with multiplicities always average (J + 1) / 2
                double sxy = 0;
                double sxx = 0;
                double syy = 0;
                for (int s = 0; s < subsets; s++) {
                    if (count[s] > 0) {
                        double dx = rankP[s] - mean;
                        double dy = rankM[s] - mean;
                        sxy += count[s] * dx * dy;
                        sxx += count[s] * dx * dx;
                        syy += count[s] * dy * dy;
                    }
                }
                sum += sxy / Math.sqrt(sxx * syy);
                n++;
            }
            if (n > 0) {
                means[used++] = sum / n;
            }
        }
        if (used * 2 < resamples) {
            return null;
        }
        double[] sample = java.util.Arrays.copyOf(means, used);
        return new double[]{Quantiles.quantile(sample, 0.025), Quantiles.quantile(sample, 0.975)};
    }

    /** Indices of {@code values} in ascending order of value. */
    private static int[] order(double[] values) {
        Integer[] boxed = new Integer[values.length];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = i;
        }
        java.util.Arrays.sort(boxed, (a, b) -> Double.compare(values[a], values[b]));
        int[] out = new int[boxed.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = boxed[i];
        }
        return out;
    }

    /**
     * Average ranks (1-based, ties share the mean rank) of the drawn subsets, each counted {@code count} times, into
     * {@code ranks}; false when all drawn values are equal.
     */
    private static boolean ranks(double[] values, int[] ascending, int[] count, double[] ranks) {
        double below = 0;
        int distinct = 0;
        int i = 0;
        while (i < ascending.length) {
            int end = i;
            int group = 0;
            while (end < ascending.length && values[ascending[end]] == values[ascending[i]]) {
                group += count[ascending[end]];
                end++;
            }
            if (group > 0) {
                double rank = below + (group + 1) / 2.0;
                for (int k = i; k < end; k++) {
                    ranks[ascending[k]] = rank;
                }
                below += group;
                distinct++;
            }
            i = end;
        }
        return distinct > 1;
    }

    private static double atanh(double x) {
        return 0.5 * Math.log((1 + x) / (1 - x));
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
