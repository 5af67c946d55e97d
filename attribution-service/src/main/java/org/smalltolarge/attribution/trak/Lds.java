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
     * @param low               bootstrap interval over targets (null when undefined)
     * @param high              bootstrap interval over targets (null when undefined)
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
     * again with replacement; null when fewer than half the resamples give a defined mean.
     */
    private static double[] twoWayInterval(double[][] predicted, double[][] measured, int resamples, long seed) {
        int targets = predicted.length;
        int subsets = predicted[0].length;
        int[][] subsetDraws = Bootstrap.resampleIndices(subsets, resamples, seed);
        int[][] targetDraws = Bootstrap.resampleIndices(targets, resamples, seed + 1);
        double[] means = new double[resamples];
        int used = 0;
        double[] p = new double[subsets];
        double[] m = new double[subsets];
        for (int r = 0; r < resamples; r++) {
            double sum = 0;
            int n = 0;
            for (int j : targetDraws[r]) {
                for (int s = 0; s < subsets; s++) {
                    p[s] = predicted[j][subsetDraws[r][s]];
                    m[s] = measured[j][subsetDraws[r][s]];
                }
                StatResult rho = Correlation.spearman(p, m);
                if (rho.defined()) {
                    sum += rho.value();
                    n++;
                }
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
