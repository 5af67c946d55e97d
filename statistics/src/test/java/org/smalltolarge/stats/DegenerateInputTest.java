package org.smalltolarge.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The rule "a correlation is undefined when either vector is constant" for Pearson, Spearman and R^2 alike, with
 * {@link Correlation#isConstant} as the one notion of constant: exactly equal values, values that differ only by
 * floating-point noise, and (not constant) data whose whole scale is small.
 */
class DegenerateInputTest {
    private static final double[] RISING = {1, 2, 3, 4};

    private record Named(String name, BiFunction<double[], double[], StatResult> statistic) {
    }

    private static final List<Named> ALL = List.of(
            new Named("pearson", (a, b) -> Correlation.pearson(a, b, "x", "y")),
            new Named("spearman", (a, b) -> Correlation.spearman(a, b, "x", "y")),
            new Named("r2", (a, b) -> Correlation.rSquared(a, b, "x", "y")));

    /** 3.0 and its neighbours one and two ulps away (about 4.4e-16 apart), in rising order. */
    private static double[] noiseAroundThree() {
        double three = 3.0;
        return new double[] {Math.nextDown(three), three, Math.nextUp(three), Math.nextUp(Math.nextUp(three))};
    }

    @Test
    void anExactlyConstantVectorIsUndefinedForAllThree() {
        for (Named s : ALL) {
            StatResult left = s.statistic().apply(new double[] {2, 2, 2, 2}, RISING);
            StatResult right = s.statistic().apply(RISING, new double[] {5, 5, 5, 5});
            assertFalse(left.defined(), s.name());
            assertFalse(right.defined(), s.name());
            assertTrue(left.reason().startsWith("x") && left.reason().contains("is constant"), left.reason());
            assertTrue(right.reason().startsWith("y") && right.reason().contains("is constant"), right.reason());
        }
    }

    @Test
    void floatingPointNoiseAroundAConstantIsUndefinedForAllThree() {
        double[] noise = noiseAroundThree();
        assertEquals(4, java.util.Arrays.stream(noise).distinct().count(), "the values really differ");
        assertTrue(Correlation.isConstant(noise));
        for (Named s : ALL) {
            StatResult left = s.statistic().apply(noise, RISING);
            StatResult right = s.statistic().apply(RISING, noise);
            assertFalse(left.defined(), s.name() + " ranked rounding noise: " + left);
            assertFalse(right.defined(), s.name() + " ranked rounding noise: " + right);
            assertTrue(left.reason().startsWith("x") && left.reason().contains("is constant"), left.reason());
            assertTrue(right.reason().startsWith("y") && right.reason().contains("is constant"), right.reason());
        }
    }

    @Test
    void meansOfTheSameLossesSummedInAnotherOrderCountAsConstant() {
        // How such noise arises: one distribution's mean loss computed over the same numbers in a different order.
        double[] losses = {0.1, 0.7, 2.3, 3.9, 1.3, 0.2, 5.1};
        double[] means = new double[4];
        for (int shift = 0; shift < means.length; shift++) {
            double sum = 0;
            for (int i = 0; i < losses.length; i++) {
                sum += losses[(i + shift) % losses.length];
            }
            means[shift] = sum / losses.length;
        }
        assertTrue(java.util.Arrays.stream(means).distinct().count() > 1, "summation order changed the last bits");
        for (Named s : ALL) {
            assertFalse(s.statistic().apply(means, RISING).defined(), s.name());
        }
    }

    @Test
    void smallButRealDifferencesAreNotConstantAtAnyScale() {
        // 1e-200 and 1e200: squares of the deviations would underflow or overflow without rescaling.
        // x = 1,2,3,4 against y = 1,3,2,4: dx = -1.5,-0.5,0.5,1.5; dy = -1.5,0.5,-0.5,1.5;
        // Sxy = 2.25-0.25-0.25+2.25 = 4, Sxx = Syy = 5, so r = 0.8, R^2 = 0.64; the ranks equal the values, rho = 0.8.
        double[] y = {1, 3, 2, 4};
        double[] expected = {0.8, 0.8, 0.64};
        for (double scale : new double[] {1, 1e-9, 1e-20, 1e9, 1e-200, 1e200}) {
            double[] x = {1 * scale, 2 * scale, 3 * scale, 4 * scale};
            assertFalse(Correlation.isConstant(x), "scale " + scale);
            for (int k = 0; k < ALL.size(); k++) {
                StatResult r = ALL.get(k).statistic().apply(x, y);
                assertTrue(r.defined(), ALL.get(k).name() + " at scale " + scale + ": " + r);
                assertEquals(expected[k], r.value(), 1e-12, ALL.get(k).name() + " at scale " + scale);
            }
        }
    }

    @Test
    void allZerosAreConstantAndOneDistinctValueAmongEqualOnesIsNot() {
        assertTrue(Correlation.isConstant(new double[] {0, -0.0, 0}));
        assertFalse(Correlation.isConstant(new double[] {0, 0, 1e-300}));
        assertFalse(Correlation.isConstant(new double[] {3, 3, 3.000001}));
    }

    @Test
    void fewerThanTwoPointsAreUndefinedForAllThree() {
        for (Named s : ALL) {
            assertFalse(s.statistic().apply(new double[] {1}, new double[] {2}).defined(), s.name());
            assertFalse(s.statistic().apply(new double[0], new double[0]).defined(), s.name());
        }
    }

    @Test
    void nonFiniteValuesAreRefusedNamingTheVectorAndPosition() {
        for (Named s : ALL) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.statistic().apply(RISING, new double[] {1, 2, Double.NaN, 4}), s.name());
            assertEquals("y[2] is NaN; correlations need finite values", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> s.statistic().apply(new double[] {Double.POSITIVE_INFINITY, 1, 2, 3}, RISING), s.name());
            assertEquals("x[0] is Infinity; correlations need finite values", e.getMessage());
        }
    }

    @Test
    void bootstrapResamplesWhereAVectorIsConstantAreSkippedForAllThree() {
        // x: two values that differ by one ulp (indices 0, 1), then two real ones; y has four distinct values.
        // A resample is constant when it draws one index only (exactly constant x and y) or only indices 0 and 1
        // (x is noise only): every statistic is undefined there and skipped, and nowhere else.
        double[] x = {3.0, Math.nextUp(3.0), 5.0, 6.0};
        double[] y = {1, 2, 4, 3};
        int[][] rows = Bootstrap.resampleIndices(4, 4000, 17);
        int constantRows = 0;
        for (int[] row : rows) {
            boolean onlyFirstTwo = true;
            boolean oneIndex = true;
            for (int i : row) {
                onlyFirstTwo &= i < 2;
                oneIndex &= i == row[0];
            }
            constantRows += onlyFirstTwo || oneIndex ? 1 : 0;
        }
        // Probability 1/16 + 2/256 (all 2s or all 3s): about 281 of 4000.
        assertTrue(constantRows > 200 && constantRows < 360, "about 281 of 4000: " + constantRows);
        for (Named s : ALL) {
            Bootstrap.Interval ci = Bootstrap.percentile(x, y, s.statistic(), rows, 0.95);
            assertEquals(constantRows, ci.skipped(), s.name());
            assertEquals(4000, ci.used() + ci.skipped(), s.name());
            assertNotNull(ci.low(), s.name() + ": " + ci);
        }
    }
}
