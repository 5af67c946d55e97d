package org.smalltolarge.evaluator.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class InputValidationTest {

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void badSuitePredictionsNameTheSuiteTheFieldAndTheItem() {
        assertEquals("suite predictions 'c4': losses[1] (item 'b') is NaN; a mean negative log-likelihood is finite"
                + " and >= 0", message(() -> new SuitePredictions("c4", "h", "text", List.of("a", "b"),
                        new double[] {1, Double.NaN}, null, Double.NaN)));
        assertEquals("suite predictions 'c4': losses has 1 entries, item_ids has 2", message(() ->
                new SuitePredictions("c4", "h", "text", List.of("a", "b"), new double[] {1}, null, Double.NaN)));
        assertEquals("suite predictions 'c4': item_ids[1] 'a' appears twice", message(() ->
                new SuitePredictions("c4", "h", "text", List.of("a", "a"), new double[] {1, 2}, null, Double.NaN)));
        assertEquals("suite predictions 'copa': chance is NaN; it must lie in (0, 1) for a choice suite",
                message(() -> new SuitePredictions("copa", "h", "choice", List.of("a"), new double[] {1},
                        new boolean[] {true}, Double.NaN)));
        assertEquals("suite predictions 'x': kind must be text, cloze or choice, got 'qa'", message(() ->
                new SuitePredictions("x", "h", "qa", List.of("a"), new double[] {1}, null, Double.NaN)));
    }

    @Test
    void arraysAreCopiedSoPredictionsCannotChangeAfterwards() {
        double[] losses = {1, 2};
        SuitePredictions p = new SuitePredictions("c4", "h", "text", List.of("a", "b"), losses, null, Double.NaN);
        losses[0] = 99;
        p.losses()[1] = 99;
        assertEquals(1, p.losses()[0]);
        assertEquals(2, p.losses()[1]);
    }

    @Test
    void aLayoutWhoseRolesContradictTheReferenceScaleIsRefused() {
        PlannedRunRef proxyAtReference = new PlannedRunRef("r1", "d1", "big", 1, "PROXY", 10, 10, 600);
        assertEquals("study layout 's': runs[0] ('r1') has role proxy at scale 'big' but the reference scale is"
                + " 'big'", message(() -> new StudyLayout("s", "big", List.of(proxyAtReference))));
        PlannedRunRef proxy = new PlannedRunRef("r1", "d1", "small", 1, "proxy", 10, 10, 600);
        assertEquals("study layout 's': no run at the reference scale 'big'",
                message(() -> new StudyLayout("s", "big", List.of(proxy))));
        assertEquals("planned run 'r2': role must be proxy or reference, got 'judge'",
                message(() -> new PlannedRunRef("r2", "d1", "small", 1, "judge", 10, 10, 600)));
    }
}
