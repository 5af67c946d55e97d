package org.smalltolarge.selector.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.smalltolarge.contracts.events.SelectionCompleted;

class SelectionAnalysisTest {

    static Selection sel(String name, String method, String... docs) {
        return new Selection(name, method, method.startsWith("dsdm") ? "xs" : null, List.of(docs), "rule of " + name);
    }

    @Test
    void gainsLossesAndAccuracyMatchAHandComputation() {
        List<Selection> selections = List.of(sel("dsdm_xs", "dsdm", "a", "b"), sel("random_0", "random", "b", "c"),
                sel("random_1", "random", "c", "d"));
        List<SelectionAnalysis.RunOutcome> runs = List.of(
                // dsdm: seed 0 and 1 average to 1.0, 2.0, 3.0
                new SelectionAnalysis.RunOutcome("dsdm_xs", 0, new double[] {0.5, 2.0, 3.5}, new boolean[] {true, true, false}),
                new SelectionAnalysis.RunOutcome("dsdm_xs", 1, new double[] {1.5, 2.0, 2.5}, new boolean[] {true, false, false}),
                new SelectionAnalysis.RunOutcome("random_0", 0, new double[] {2.0, 2.0, 4.0}, null),
                new SelectionAnalysis.RunOutcome("random_1", 0, new double[] {2.0, 3.0, 4.0}, null));
        SelectionAnalysis.Result r = SelectionAnalysis.analyze(selections, runs, 1);
        SelectionCompleted.SelectionResult dsdm = r.selections().get(0);
        assertEquals(2.0, dsdm.holdoutLoss(), 1e-12);
        assertEquals(3.0 / 6, dsdm.holdoutAccuracy(), 1e-12);
        // random mean per item: 2.0, 2.5, 4.0; minus dsdm's 1.0, 2.0, 3.0 -> 1.0, 0.5, 1.0; mean 2.5 / 3
        assertEquals(2.5 / 3, dsdm.gain().mean(), 1e-12);
        // a resample can draw random_0 twice, whose loss on item 1 equals dsdm's: per-item gains stay within [0, 1]
        assertTrue(dsdm.gain().low() >= -1e-12 && dsdm.gain().high() <= 1.0 + 1e-12, dsdm.gain().toString());
        assertTrue(dsdm.gain().low() <= dsdm.gain().mean() && dsdm.gain().mean() <= dsdm.gain().high());
        assertNull(r.selections().get(1).gain(), "random is what gains are measured against");
        assertNull(r.selections().get(1).holdoutAccuracy(), "no answers, no accuracy");
        assertEquals("rule of dsdm_xs", dsdm.rule());
        assertEquals(List.of(), r.overlaps(), "one selection that is not random: no pair");
    }

    @Test
    void theIntervalWidensWhenRandomSelectionsDisagree() {
        double[] loss = {1, 1, 1, 1, 1, 1, 1, 1};
        double[] same = {2, 2, 2, 2, 2, 2, 2, 2};
        SelectionCompleted.Gain agree = SelectionAnalysis.gain(loss, List.of(same, same), 3);
        assertEquals(1.0, agree.low(), 1e-12);
        assertEquals(1.0, agree.high(), 1e-12);
        double[] lower = {1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5};
        double[] higher = {2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5};
        SelectionCompleted.Gain disagree = SelectionAnalysis.gain(loss, List.of(lower, higher), 3);
        assertEquals(1.0, disagree.mean(), 1e-12);
        assertEquals(0.5, disagree.low(), 1e-12, "both draws the lower random selection");
        assertEquals(1.5, disagree.high(), 1e-12, "both draws the higher one");
    }

    @Test
    void jaccardOfEveryPairOfChosenSelections() {
        List<Selection> selections = List.of(sel("dsdm_a", "dsdm", "1", "2", "3"), sel("dsdm_b", "dsdm", "2", "3", "4"),
                sel("dsir", "dsir", "7", "8", "9"), sel("random_0", "random", "1", "2", "3"));
        List<SelectionCompleted.Overlap> overlaps = SelectionAnalysis.overlaps(selections);
        assertEquals(3, overlaps.size(), "random selections are left out");
        assertEquals(new SelectionCompleted.Overlap("dsdm_a", "dsdm_b", 2.0 / 4), overlaps.get(0));
        assertEquals(0.0, overlaps.get(1).jaccard());
    }

    @Test
    void aSelectionWithoutRunsOrRunsOfDifferentLengthsIsAnError() {
        List<Selection> selections = List.of(sel("dsir", "dsir", "a"), sel("random_0", "random", "b"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> SelectionAnalysis
                .analyze(selections, List.of(new SelectionAnalysis.RunOutcome("dsir", 0, new double[2], null)), 0));
        assertTrue(missing.getMessage().contains("random_0"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SelectionAnalysis.analyze(selections, List.of(
                new SelectionAnalysis.RunOutcome("dsir", 0, new double[2], null),
                new SelectionAnalysis.RunOutcome("random_0", 0, new double[3], null)), 0));
    }
}
