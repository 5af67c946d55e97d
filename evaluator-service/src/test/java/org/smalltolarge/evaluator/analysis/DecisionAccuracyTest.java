package org.smalltolarge.evaluator.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DecisionAccuracyTest {

    @Test
    void pairsAreCountedAsByHandWithAProxyTieAsHalf() {
        // proxy     1.0 2.0 3.0 2.0
        // reference 1.5 2.5 2.0 3.0
        // (0,1) both <: agree; (0,2) both <: agree; (0,3) both <: agree;
        // (1,2) ref >, proxy <: disagree; (1,3) proxy tie, ref <: half; (2,3) ref <, proxy >: disagree.
        // (3 + 0.5) / 6 = 0.5833...
        DecisionAccuracy d = DecisionAccuracy.of(new double[] {1, 2, 3, 2}, new double[] {1.5, 2.5, 2.0, 3.0});
        assertEquals(6, d.pairs());
        assertEquals(3, d.agreeing());
        assertEquals(2, d.disagreeing());
        assertEquals(1, d.proxyTies());
        assertEquals(0, d.referenceTies());
        assertEquals(3.5 / 6, d.value(), 1e-12);
    }

    @Test
    void pairsTheReferenceTiesAreExcluded() {
        // proxy 1 2 3 2, reference 1.5 2.5 2.0 2.5: (1,3) the reference ties -> excluded.
        // agree (0,1),(0,2),(0,3); disagree (1,2) [ref >, proxy <], (2,3) [ref <, proxy >]: 3 / 5.
        DecisionAccuracy d = DecisionAccuracy.of(new double[] {1, 2, 3, 2}, new double[] {1.5, 2.5, 2.0, 2.5});
        assertEquals(1, d.referenceTies());
        assertEquals(0.6, d.value(), 1e-12);
    }

    @Test
    void aReversedOrderScoresZeroAndAllTiesAreUndefined() {
        assertEquals(0.0, DecisionAccuracy.of(new double[] {1, 2, 3}, new double[] {3, 2, 1}).value());
        DecisionAccuracy ties = DecisionAccuracy.of(new double[] {1, 2, 3}, new double[] {2, 2, 2});
        assertNull(ties.value());
        assertEquals("the reference ties every pair of distributions", ties.reason());
        assertNull(DecisionAccuracy.of(new double[] {1}, new double[] {2}).value());
    }

    @Test
    void chanceThresholdIsTwoBinomialStandardErrorsAboveChance() {
        // chance 0.25, 100 items: SE = sqrt(0.25 * 0.75 / 100) = 0.0433013; threshold = 0.3366025.
        assertEquals(0.25 + 2 * Math.sqrt(0.1875 / 100), ChanceRule.threshold(0.25, 100), 1e-12);
        assertEquals(true, ChanceRule.atOrBelowChance(0.33, 0.25, 100));
        assertEquals(false, ChanceRule.atOrBelowChance(0.34, 0.25, 100));
    }
}
