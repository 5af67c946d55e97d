package org.smalltolarge.evaluator.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per suite and scale, how many items were cut to fit the models' window, as the scorer recorded it. */
class ItemsCutTest {
    private static final String[] DISTRIBUTIONS = {"d1", "d2", "d3"};

    /** Three items; the small scale (context 4) cut {@code smallCut} of them, the reference (context 16) none. */
    private static SuitePredictions heldout(Integer context, Integer cut, double shift) {
        return new SuitePredictions("heldout", "h1", "text", Fixtures.ids(3), new double[] {1 + shift, 2, 3 + shift},
                null, Double.NaN, null, context, cut);
    }

    @Test
    void eachScaleReportsItsContextAndTheItemsCutCheapestFirst() {
        List<PlannedRunRef> plan = new ArrayList<>();
        List<RunPredictions> preds = new ArrayList<>();
        for (int i = 0; i < DISTRIBUTIONS.length; i++) {
            PlannedRunRef small = Fixtures.plan(DISTRIBUTIONS[i], "small", 1, false, 1000, 1000);
            PlannedRunRef ref = Fixtures.plan(DISTRIBUTIONS[i], "ref", 1, true, 100_000, 10_000);
            plan.add(ref); // the reference first in the plan: the report still lists the cheapest scale first
            plan.add(small);
            preds.add(Fixtures.predictions(small, heldout(4, 2, i)));
            preds.add(Fixtures.predictions(ref, heldout(16, 0, 0.5 * i)));
        }
        SuiteAnalysis s = StudyAnalyzer.analyze(new StudyLayout("cut", "ref", plan), preds).suites().get(0);
        assertEquals(List.of(new SuiteAnalysis.ItemsCut("small", 4, 2, 3), new SuiteAnalysis.ItemsCut("ref", 16, 0, 3)),
                s.itemsCut());
    }

    @Test
    void predictionsThatDoNotRecordItLeaveItUnknown() {
        List<PlannedRunRef> plan = new ArrayList<>();
        List<RunPredictions> preds = new ArrayList<>();
        for (int i = 0; i < DISTRIBUTIONS.length; i++) {
            PlannedRunRef small = Fixtures.plan(DISTRIBUTIONS[i], "small", 1, false, 1000, 1000);
            PlannedRunRef ref = Fixtures.plan(DISTRIBUTIONS[i], "ref", 1, true, 100_000, 10_000);
            plan.add(small);
            plan.add(ref);
            preds.add(Fixtures.predictions(small, Fixtures.text("heldout", "h1", 1 + i, 2, 3)));
            // one run of the reference recorded it, the others are older predictions
            preds.add(Fixtures.predictions(ref, i == 1 ? heldout(16, 1, 0) : Fixtures.text("heldout", "h1", 1, 2, 3 + i)));
        }
        List<SuiteAnalysis.ItemsCut> cuts = StudyAnalyzer.analyze(new StudyLayout("old", "ref", plan), preds).suites()
                .get(0).itemsCut();
        assertNull(cuts.get(0).itemsCut());
        assertNull(cuts.get(0).context());
        assertEquals(new SuiteAnalysis.ItemsCut("ref", 16, 1, 3), cuts.get(1));
    }

    @Test
    void impossibleCountsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> heldout(4, 4, 0));
        assertEquals("suite predictions 'heldout': items_cut is 4; it counts items, of which there are 3",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> heldout(0, 0, 0));
    }
}
