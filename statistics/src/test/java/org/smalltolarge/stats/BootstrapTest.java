package org.smalltolarge.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class BootstrapTest {
    private static final BiFunction<double[], double[], StatResult> PEARSON = Correlation::pearson;
    private static final double[] X = {3.1, 3.4, 2.9, 3.8, 3.3, 3.6, 3.0};
    private static final double[] Y = {2.2, 2.6, 2.1, 2.9, 2.3, 2.8, 2.3};

    @Test
    void theSameSeedGivesTheSameIntervalAndAnotherSeedAnother() {
        Bootstrap.Interval a = Bootstrap.percentile(X, Y, PEARSON, Bootstrap.resampleIndices(7, 2000, 42), 0.95);
        Bootstrap.Interval b = Bootstrap.percentile(X, Y, PEARSON, Bootstrap.resampleIndices(7, 2000, 42), 0.95);
        Bootstrap.Interval c = Bootstrap.percentile(X, Y, PEARSON, Bootstrap.resampleIndices(7, 2000, 43), 0.95);
        assertEquals(a, b);
        assertNotEquals(a.low(), c.low());
    }

    @Test
    void theIntervalContainsThePointEstimateOfANearlyLinearCase() {
        double r = Correlation.pearson(X, Y).value();
        Bootstrap.Interval ci = Bootstrap.percentile(X, Y, PEARSON, Bootstrap.resampleIndices(7, 2000, 1), 0.95);
        assertTrue(ci.low() <= r && r <= ci.high(), ci + " should contain " + r);
        assertTrue(ci.high() <= 1 && ci.low() > 0.5, "a tight positive relation: " + ci);
    }

    @Test
    void anExactLineHasADegenerateIntervalAtOne() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {3, 5, 7, 9, 11}; // 2x + 1: every resample with two distinct points has r = 1
        Bootstrap.Interval ci = Bootstrap.percentile(x, y, PEARSON, Bootstrap.resampleIndices(5, 500, 7), 0.95);
        assertEquals(1.0, ci.low(), 1e-12);
        assertEquals(1.0, ci.high(), 1e-12);
    }

    @Test
    void undefinedResamplesAreSkippedAndCounted() {
        // With 3 points a resample is constant (Pearson undefined) exactly when it draws one index 3 times.
        // Count those rows directly and compare with what the bootstrap skipped.
        int[][] rows = Bootstrap.resampleIndices(3, 2000, 11);
        int constantRows = 0;
        for (int[] row : rows) {
            if (row[0] == row[1] && row[1] == row[2]) {
                constantRows++;
            }
        }
        Bootstrap.Interval ci = Bootstrap.percentile(new double[] {1, 2, 4}, new double[] {1, 3, 2}, PEARSON, rows,
                0.95);
        assertEquals(constantRows, ci.skipped());
        assertEquals(2000, ci.used() + ci.skipped());
        assertTrue(constantRows > 100 && constantRows < 350, "about 1/9 of 2000: " + constantRows);
        assertNull(ci.reason());
    }

    @Test
    void anIntervalBuiltFromFewerThanHalfTheResamplesIsUndefined() {
        // A statistic defined only when the first draw is the largest x: about 1 in 5 resamples of 5 points.
        BiFunction<double[], double[], StatResult> picky = (a, b) -> a[0] == 5 ? StatResult.of(a[0])
                : StatResult.undefined("first draw not the largest");
        Bootstrap.Interval ci = Bootstrap.percentile(new double[] {1, 2, 3, 4, 5}, new double[] {1, 2, 3, 4, 5}, picky,
                Bootstrap.resampleIndices(5, 1000, 3), 0.95);
        assertNull(ci.low());
        assertNull(ci.high());
        assertTrue(ci.reason().contains("need at least half"), ci.reason());
    }

    @Test
    void mismatchedVectorsNoResamplesOrALevelOutsideZeroToOneAreRefused() {
        int[][] rows = Bootstrap.resampleIndices(7, 10, 1);
        assertThrows(IllegalArgumentException.class,
                () -> Bootstrap.percentile(X, new double[] {1, 2}, PEARSON, rows, 0.95));
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.percentile(X, Y, PEARSON, new int[0][], 0.95));
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.percentile(X, Y, PEARSON, rows, 1.0));
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.resampleIndices(0, 10, 1));
    }

    @Test
    void resampleIndicesStayInRange() {
        for (int[] row : Bootstrap.resampleIndices(4, 300, 5)) {
            for (int i : row) {
                assertTrue(i >= 0 && i < 4);
            }
        }
    }
}
