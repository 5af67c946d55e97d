package org.smalltolarge.attribution.trak;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LdsTest {

    /**
     * Worked by hand: 3 training examples, 5 subsets, 2 targets.
     * Target 0 scores (1, 2, 4): subset sums 3, 6, 5, 1, 7 -> ranks 2, 4, 3, 1, 5; outputs 0.1, 0.5, 0.2, 0.0, 0.9 ->
     * ranks 2, 4, 3, 1, 5: rho = 1.
     * Target 1 scores (1, -1, 0): sums 0, -1, 1, 1, 0 -> ranks 2.5, 1, 4.5, 4.5, 2.5; outputs 3, 1, 2, 5, 4 -> ranks
     * 3, 1, 2, 5, 4; centred rank products sum to 5, squares to 9 and 10: rho = 5 / sqrt(90) = 0.52705.
     */
    @Test
    void ldsIsTheMeanPerTargetSpearmanOfPredictedAgainstMeasuredOutputs() {
        double[] scores = {1, 2, 4, 1, -1, 0};
        boolean[][] masks = {
                {true, true, false},
                {false, true, true},
                {true, false, true},
                {true, false, false},
                {true, true, true}
        };
        double[][] actual = {{0.1, 3}, {0.5, 1}, {0.2, 2}, {0.0, 5}, {0.9, 4}};
        Lds.Result r = Lds.compute(scores, 3, masks, actual, 200, 1);
        assertArrayEquals(new double[]{1.0, 5 / Math.sqrt(90)}, r.perTarget(), 1e-12);
        assertEquals((1.0 + 5 / Math.sqrt(90)) / 2, r.mean(), 1e-12);
        assertEquals(5, r.subsets());
        assertEquals(2, r.definedTargets());
        assertTrue(r.low() <= r.mean() && r.mean() <= r.high(), r.low() + " " + r.mean() + " " + r.high());
        // 5 subsets: the 5% threshold is atanh(rho) > 1.96 / sqrt(2 / 1.06), met by rho = 1 only
        assertEquals(0.5, r.significantShare(), 1e-12);
    }

    /**
     * Ten identical targets measured on the same eight subset models: resampling targets alone would give an interval
     * of width zero; the subset models are a sample too, and the interval says so.
     */
    @Test
    void theIntervalAccountsForTheSubsetModelsBeingASample() {
        int n = 6;
        int targets = 10;
        double[] scores = new double[targets * n];
        for (int j = 0; j < targets; j++) {
            for (int i = 0; i < n; i++) {
                scores[j * n + i] = i; // every target: later examples help more
            }
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(4);
        boolean[][] masks = new boolean[8][n];
        double[][] actual = new double[8][targets];
        for (int s = 0; s < 8; s++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                masks[s][i] = random.nextBoolean();
                sum += masks[s][i] ? i : 0;
            }
            double noise = random.nextGaussian() * 4; // training noise of this subset model, shared by all targets
            java.util.Arrays.fill(actual[s], sum + noise);
        }
        Lds.Result r = Lds.compute(scores, n, masks, actual, 500, 2);
        for (double rho : r.perTarget()) {
            assertEquals(r.perTarget()[0], rho, 1e-12);
        }
        assertTrue(r.high() - r.low() > 0.1, "interval [" + r.low() + ", " + r.high() + "] ignores the subset noise");
        assertTrue(r.low() <= r.mean() && r.mean() <= r.high());
    }

    /** The one-pass ranks with multiplicities give what Spearman on each materialised resample gives. */
    @Test
    void theFastResampledIntervalEqualsSpearmanOnEveryMaterialisedResample() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(8);
        int targets = 7;
        int subsets = 12;
        double[][] predicted = new double[targets][subsets];
        double[][] measured = new double[targets][subsets];
        for (int j = 0; j < targets; j++) {
            for (int s = 0; s < subsets; s++) {
                predicted[j][s] = Math.round(random.nextGaussian() * 3); // some ties on purpose
                measured[j][s] = predicted[j][s] + random.nextGaussian();
            }
        }
        int resamples = 300;
        double[] fast = Lds.twoWayInterval(predicted, measured, resamples, 5);
        int[][] subsetDraws = org.smalltolarge.stats.Bootstrap.resampleIndices(subsets, resamples, 5);
        int[][] targetDraws = org.smalltolarge.stats.Bootstrap.resampleIndices(targets, resamples, 6);
        double[] means = new double[resamples];
        int used = 0;
        for (int r = 0; r < resamples; r++) {
            double sum = 0;
            int n = 0;
            for (int j : targetDraws[r]) {
                double[] p = new double[subsets];
                double[] m = new double[subsets];
                for (int s = 0; s < subsets; s++) {
                    p[s] = predicted[j][subsetDraws[r][s]];
                    m[s] = measured[j][subsetDraws[r][s]];
                }
                var rho = org.smalltolarge.stats.Correlation.spearman(p, m);
                if (rho.defined()) {
                    sum += rho.value();
                    n++;
                }
            }
            if (n > 0) {
                means[used++] = sum / n;
            }
        }
        double[] sample = java.util.Arrays.copyOf(means, used);
        assertEquals(org.smalltolarge.stats.Quantiles.quantile(sample, 0.025), fast[0], 1e-9);
        assertEquals(org.smalltolarge.stats.Quantiles.quantile(sample, 0.975), fast[1], 1e-9);
    }

    @Test
    void aTargetWithConstantOutputsIsUndefinedAndLeftOutOfTheMean() {
        double[] scores = {1, 2, 1, 2};
        boolean[][] masks = {{true, false}, {false, true}, {true, true}, {false, false}};
        double[][] actual = {{1, 7}, {2, 7}, {3, 7}, {0, 7}};
        Lds.Result r = Lds.compute(scores, 2, masks, actual, 100, 1);
        assertTrue(Double.isNaN(r.perTarget()[1]));
        assertEquals(r.perTarget()[0], r.mean(), 1e-12);
        assertEquals(1, r.definedTargets());
    }

    @Test
    void tooFewSubsetsOrMismatchedShapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Lds.compute(new double[2], 2, new boolean[3][2],
                new double[3][1], 10, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lds.compute(new double[4], 2,
                new boolean[][]{{true, false}, {true}, {false, true}, {true, true}}, new double[4][2], 10, 1));
        assertEquals("subset 1 has a mask of 1 and 2 outputs; expected 2 and 2", e.getMessage());
    }

    @Test
    void topOverlapAndSpearmanCompareAProxyWithTheReference() {
        double[] reference = {5, 4, 3, 2, 1, 0, 0, 0, 0, 0};
        double[] proxy = {4, 5, 0, 0, 0, 0, 0, 0, 0, 3};
        ScaleAgreement.Result r = ScaleAgreement.compare(proxy, reference, 10, 0.2);
        assertEquals(2, r.topCount());
        assertEquals(1.0, r.topOverlap()[0], 1e-12); // both tops are examples 0 and 1
        ScaleAgreement.Result self = ScaleAgreement.compare(reference, reference, 10, 0.2);
        assertEquals(1.0, self.spearman()[0], 1e-12);
        assertTrue(r.spearman()[0] < 1);
    }
}
