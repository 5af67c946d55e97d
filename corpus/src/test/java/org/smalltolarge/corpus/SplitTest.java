package org.smalltolarge.corpus;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitTest {
    @Test
    void splitDependsOnlyOnTheIdAndHasTheIntendedShares() {
        Map<Split, Integer> counts = new EnumMap<>(Split.class);
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            String id = "doc-" + i;
            Split s = Split.of(id);
            assertEquals(s, Split.of(new String(id.toCharArray())));
            counts.merge(s, 1, Integer::sum);
        }
        assertTrue(Math.abs(counts.get(Split.TEST) / (double) n - 0.05) < 0.01, counts.toString());
        assertTrue(Math.abs(counts.get(Split.VAL) / (double) n - 0.05) < 0.01, counts.toString());
    }

    @Test
    void knownIdsKeepTheirSplitAcrossReleases() {
        // Pinned so a change to the hash (which would silently move documents between splits) fails loudly.
        assertEquals(Split.TRAIN, Split.of("speeches/1790_george_washington_n"));
        assertEquals(Long.parseUnsignedLong("a591a6d40bf42040", 16), Hashing.hash64("Hello World"));
    }
}
