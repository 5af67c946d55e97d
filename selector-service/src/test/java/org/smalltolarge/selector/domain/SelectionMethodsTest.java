package org.smalltolarge.selector.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.smalltolarge.contracts.events.AttributionRequested;
import org.smalltolarge.contracts.events.ExamplePool;
import org.smalltolarge.contracts.events.SelectionRequested;
import org.smalltolarge.spec.ModelShape;
import org.smalltolarge.spec.Scale;
import org.smalltolarge.spec.TrainingSettings;

class SelectionMethodsTest {
    static final List<String> POOL = IntStream.range(0, 10).mapToObj(i -> "doc/" + i).toList();

    static SelectionPlan plan(List<String> methods, int size, long seed) {
        Scale xs = new Scale("x-s", new ModelShape(16, 1, 2, 32), 20_000);
        SelectionRequested r = new SelectionRequested("sel", "demo", new ExamplePool(null, null, null, POOL),
                new SelectionRequested.TargetTask("lastword", 2, 2), size, methods, List.of(xs), xs, List.of(0L), 2,
                seed, new SelectionRequested.DsdmSettings(1, new AttributionRequested.ProjectionSettings("factored",
                16, 0), 1, "margin"), 100, null, TrainingSettings.DEFAULTS, Instant.EPOCH, null);
        return new SelectionPlan(r, POOL, List.of(), List.of());
    }

    @Test
    void dsdmKeepsTheHighestMeanScoresAndItsWorstEndTheLowest() {
        double[] scores = {0.5, -1, 3, 0.5, 2, -4, 0, 1, -2, 0.5};
        List<Selection> made = SelectionMethods.dsdm(plan(List.of("dsdm", "dsdm_worst"), 3, 0), "x-s", scores);
        assertEquals("dsdm_x_s", made.get(0).name(), "distribution names allow no '-'");
        assertEquals(List.of("doc/2", "doc/4", "doc/7"), made.get(0).documents());
        assertEquals(List.of("doc/1", "doc/5", "doc/8"), made.get(1).documents());
        assertEquals("x-s", made.get(1).proxyScale());
        // ties at 0.5 go to the earlier pool position
        assertEquals(List.of("doc/0", "doc/2", "doc/4", "doc/7"), SelectionMethods.dsdm(plan(List.of("dsdm"), 4, 0),
                "x-s", scores).get(0).documents());
        assertThrows(IllegalArgumentException.class, () -> SelectionMethods.dsdm(plan(List.of("dsdm"), 3, 0), "x-s",
                new double[9]));
    }

    @Test
    void randomSelectionsAreSeededDistinctAndOfTheRightSize() {
        SelectionPlan p = plan(List.of("random"), 4, 7);
        Selection first = SelectionMethods.random(p, 0);
        assertEquals(first, SelectionMethods.random(p, 0));
        assertNotEquals(first.documents(), SelectionMethods.random(p, 1).documents());
        assertNotEquals(first.documents(), SelectionMethods.random(plan(List.of("random"), 4, 8), 0).documents());
        assertEquals(4, first.documents().stream().distinct().count());
        assertEquals(List.of("random_0", "random_1"), SelectionMethods.baselines(p, POOL).stream()
                .map(Selection::name).toList());
    }
}
