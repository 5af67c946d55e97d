package org.smalltolarge.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HistogramTest {

    @Test
    void valuesLandInTheBinsCountedByHand() {
        // 20 bins of width 0.1 over [-1, 1]: bin 0 = [-1, -0.9), bin 1 = [-0.9, -0.8), bin 10 = [0, 0.1),
        // bin 19 = [0.9, 1] (closed). -1, -0.95 -> 0; -0.9 -> 1 (an edge opens its bin); 0, 0.05 -> 10;
        // 0.999, 1 -> 19.
        Histogram h = Histogram.of(new double[] {-1, -0.95, -0.9, 0, 0.05, 0.999, 1}, -1, 1, 20);
        assertEquals(20, h.counts().size());
        assertEquals(21, h.edges().size());
        assertEquals(2, h.counts().get(0));
        assertEquals(1, h.counts().get(1));
        assertEquals(2, h.counts().get(10));
        assertEquals(2, h.counts().get(19));
        assertEquals(7, h.total());
        assertEquals(-0.9, h.edges().get(1));
        assertEquals(0.0, h.edges().get(10));
    }

    @Test
    void everyTenthEdgeValueOpensItsOwnBin() {
        double[] edges = new double[20];
        for (int i = 0; i < 20; i++) {
            edges[i] = Double.parseDouble(String.format(java.util.Locale.ROOT, "%.1f", -1 + i / 10.0));
        }
        Histogram h = Histogram.of(edges, -1, 1, 20);
        for (int i = 0; i < 20; i++) {
            assertEquals(1, h.counts().get(i), "bin " + i);
        }
    }

    @Test
    void valuesOutsideTheRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Histogram.of(new double[] {1.5}, -1, 1, 20));
        assertThrows(IllegalArgumentException.class, () -> Histogram.of(new double[] {Double.NaN}, -1, 1, 20));
    }

    @Test
    void noValuesGiveZeroCountsAndBadBinsOrBoundsAreRefused() {
        Histogram empty = Histogram.of(new double[0], -1, 1, 4);
        assertEquals(java.util.List.of(0, 0, 0, 0), empty.counts());
        assertEquals(0, empty.total());
        assertThrows(IllegalArgumentException.class, () -> Histogram.of(new double[0], -1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Histogram.of(new double[0], 1, 1, 4));
        assertThrows(IllegalArgumentException.class,
                () -> Histogram.of(new double[0], Double.NEGATIVE_INFINITY, 1, 4));
    }
}
