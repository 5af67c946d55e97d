package org.smalltolarge.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CorrelationTest {
    private static final double EPS = 1e-12;

    @Test
    void pearsonMatchesTheTextbookFormulaWorkedByHand() {
        // x = 1..5, y = 2,4,5,4,5. Means 3 and 4. Deviations dx = -2,-1,0,1,2; dy = -2,0,1,0,1.
        // Sxy = 4+0+0+0+2 = 6, Sxx = 10, Syy = 4+0+1+0+1 = 6, r = 6 / sqrt(60) = 0.7745966692414834.
        StatResult r = Correlation.pearson(new double[] {1, 2, 3, 4, 5}, new double[] {2, 4, 5, 4, 5});
        assertTrue(r.defined());
        assertEquals(6 / Math.sqrt(60), r.value(), EPS);
        assertEquals(0.7745966692414834, r.value(), 1e-15);
    }

    @Test
    void squaredPearsonIsTheCoefficientOfDeterminationOfTheLeastSquaresLine() {
        // Same data. Fit y = a + b x: b = Sxy/Sxx = 0.6, a = 4 - 0.6*3 = 2.2. Fitted 2.8,3.4,4.0,4.6,5.2;
        // residuals -0.8,0.6,1.0,-0.6,-0.2; SSres = 0.64+0.36+1+0.36+0.04 = 2.4; SStot = Syy = 6.
        // R^2 = 1 - 2.4/6 = 0.6 = (6/sqrt(60))^2 = 36/60.
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {2, 4, 5, 4, 5};
        StatResult r2 = Correlation.rSquared(x, y);
        assertEquals(0.6, r2.value(), EPS);
        double ssRes = 0;
        for (int i = 0; i < x.length; i++) {
            double fitted = 2.2 + 0.6 * x[i];
            ssRes += (y[i] - fitted) * (y[i] - fitted);
        }
        assertEquals(1 - ssRes / 6, r2.value(), EPS);
    }

    @Test
    void perfectLinesGivePlusAndMinusOne() {
        double[] x = {0.5, 1.5, 2.0, 7.0};
        double[] up = {2, 4, 5, 15}; // y = 2x + 1
        double[] down = {-1, -3, -4, -14}; // y = -2x
        assertEquals(1.0, Correlation.pearson(x, up).value(), EPS);
        assertEquals(-1.0, Correlation.pearson(x, down).value(), EPS);
    }

    @Test
    void averageRanksShareTheMeanRankOfATie() {
        // sorted: 1,1 -> ranks 1,2 -> 1.5 each; 2 -> 3; 3 -> 4; 4 -> 5; 5,5 -> ranks 6,7 -> 6.5; 6 -> 8; 9 -> 9.
        double[] ranks = Correlation.averageRanks(new double[] {3, 1, 4, 1, 5, 9, 2, 6, 5});
        assertArrayEquals(new double[] {4, 1.5, 5, 1.5, 6.5, 9, 3, 8, 6.5}, ranks, EPS);
    }

    @Test
    void spearmanWithTiesIsPearsonOfAverageRanks() {
        // x = 1,2,2,3 -> ranks 1,2.5,2.5,4; y = 1,3,2,4 -> ranks 1,3,2,4. Both rank means 2.5.
        // dx = -1.5,0,0,1.5; dy = -1.5,0.5,-0.5,1.5; Sxy = 2.25+2.25 = 4.5, Sxx = 4.5, Syy = 5.
        // rho = 4.5 / sqrt(22.5) = 0.9486832980505138. (The no-ties shortcut 1 - 6*sum(d^2)/(n(n^2-1)) would
        // give 1 - 6*0.5/60 = 0.95, which is why ties need the Pearson-of-ranks form.)
        StatResult rho = Correlation.spearman(new double[] {1, 2, 2, 3}, new double[] {1, 3, 2, 4});
        assertEquals(4.5 / Math.sqrt(22.5), rho.value(), EPS);
        assertEquals(0.9486832980505138, rho.value(), 1e-15);
    }

    @Test
    void spearmanWithoutTiesMatchesTheRankDifferenceFormula() {
        // y ranks 1,3,2,5,4 against x ranks 1..5: d = 0,-1,1,-1,1, sum d^2 = 4, rho = 1 - 6*4/(5*24) = 0.8.
        StatResult rho = Correlation.spearman(new double[] {10, 20, 30, 40, 50}, new double[] {0.1, 0.3, 0.2, 0.9, 0.4});
        assertEquals(0.8, rho.value(), EPS);
    }

    @Test
    void aConstantVectorIsUndefinedWithAReasonNotNaN() {
        StatResult r = Correlation.pearson(new double[] {2, 2, 2}, new double[] {1, 2, 3}, "proxy", "reference");
        assertFalse(r.defined());
        assertTrue(r.reason().contains("proxy is constant"), r.reason());
        assertEquals(null, r.orNull());
        StatResult s = Correlation.spearman(new double[] {1, 2, 3}, new double[] {5, 5, 5}, "proxy", "reference");
        assertFalse(s.defined());
        assertTrue(s.reason().contains("reference (ranks) is constant"), s.reason());
    }

    @Test
    void meansOfIdenticalValuesThatDifferInTheLastBitCountAsConstant() {
        double a = (0.1 + 0.2 + 0.3) / 3; // 0.19999999999999998 or so, not exactly 0.2
        assertFalse(Correlation.pearson(new double[] {a, 0.2, 0.2}, new double[] {1, 2, 3}).defined());
    }

    @Test
    void fewerThanTwoPointsIsUndefinedAndMismatchedLengthsAreRefused() {
        assertFalse(Correlation.pearson(new double[] {1}, new double[] {2}).defined());
        assertThrows(IllegalArgumentException.class, () -> Correlation.pearson(new double[] {1, 2}, new double[] {1}));
    }

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        // R: quantile(c(1,2,3,4), c(.25,.5,.975)) type 7 -> h = 3p: 1.75, 2.5, 3.925.
        double[] v = {4, 1, 3, 2};
        assertEquals(1.75, Quantiles.quantile(v, 0.25), EPS);
        assertEquals(2.5, Quantiles.median(v), EPS);
        assertEquals(3.925, Quantiles.quantile(v, 0.975), EPS);
        assertEquals(3, Quantiles.median(new double[] {5, 1, 3}), EPS);
        assertEquals(7, Quantiles.quantile(new double[] {7}, 0.9), EPS);
    }

    @Test
    void quantilesRefuseAnEmptySampleANaNAndALevelOutsideZeroToOne() {
        assertEquals("quantile of an empty sample",
                assertThrows(IllegalArgumentException.class, () -> Quantiles.median(new double[0])).getMessage());
        assertEquals("values[1] is NaN; quantiles need ordered values", assertThrows(IllegalArgumentException.class,
                () -> Quantiles.median(new double[] {1, Double.NaN})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Quantiles.quantile(new double[] {1, 2}, 1.5));
    }

    @Test
    void aStatResultIsEitherAFiniteValueOrAReason() {
        assertThrows(IllegalArgumentException.class, () -> StatResult.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new StatResult(Double.POSITIVE_INFINITY, null));
        assertThrows(IllegalArgumentException.class, () -> StatResult.undefined(null));
        assertEquals(0.5, StatResult.of(0.5).orNull());
    }
}
