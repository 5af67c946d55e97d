package org.smalltolarge.selector.methods;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DsirTest {

    private static final List<String> POOL = ToyCorpus.POOL;

    @Test
    void logWeightsMatchAHandComputation() {
        // 10 buckets: a -> 6, "a a" -> 7, b -> 9. Target counts {a: 2, aa: 1}, pool counts {a: 3, b: 1, aa: 1};
        // pseudo-count 1: p_target = (3, 2, 1)/13 and p_raw = (4, 2, 2)/15 for (a, aa, b)
        HashedNgrams features = new HashedNgrams(10);
        double[] logWeights = Dsir.fit(List.of("a a"), List.of("a", "b", "a a"), features, 1).logWeights();
        assertEquals(Math.log(45.0 / 52), logWeights[0], 1e-12);
        assertEquals(Math.log(15.0 / 26), logWeights[1], 1e-12);
        assertEquals(2 * Math.log(45.0 / 52) + Math.log(15.0 / 13), logWeights[2], 1e-12);
        // pseudo-count 2: p_target(a) = 4/23, p_raw(a) = 5/25
        assertEquals(Math.log(20.0 / 23), Dsir.fit(List.of("a a"), List.of("a", "b", "a a"), features, 2)
                .logWeights()[0], 1e-12);
    }

    @Test
    void aMillionTokenDocumentHasAFiniteWeight() {
        String longDocument = "x ".repeat(1_000_000);
        Dsir dsir = Dsir.fit(List.of("y"), List.of(longDocument, "y"));
        // x, "x x" and y have distinct buckets; target {y: 1}, pool {x: 10^6, xx: 10^6 - 1, y: 1}, 10,000 buckets
        double logTargetOther = Math.log(1.0 / 10_001);
        double expected = 1e6 * (logTargetOther - Math.log(1_000_001.0 / 2_010_000))
                + 999_999 * (logTargetOther - Math.log(1_000_000.0 / 2_010_000));
        double logWeight = dsir.logWeights()[0];
        assertTrue(Double.isFinite(logWeight) && logWeight < -745, "exp would underflow: " + logWeight);
        assertEquals(expected, logWeight, Math.abs(expected) * 1e-12);
        assertArrayEquals(new int[]{1, 0}, dsir.sample(2, 3));
    }

    @Test
    void sampleIsExactlyKDistinctPoolIndices() {
        int[] sample = Dsir.fit(ToyCorpus.TARGET, POOL).sample(10, 1);
        assertEquals(10, sample.length);
        assertEquals(10, Arrays.stream(sample).distinct().count());
        assertTrue(Arrays.stream(sample).allMatch(i -> i >= 0 && i < POOL.size()));
    }

    @Test
    void sameSeedSameSampleOtherSeedOtherSample() {
        Dsir dsir = Dsir.fit(ToyCorpus.TARGET, POOL);
        assertArrayEquals(dsir.sample(10, 5), Dsir.fit(ToyCorpus.TARGET, POOL).sample(10, 5));
        assertFalse(Arrays.equals(dsir.sample(10, 5), dsir.sample(10, 6)));
    }

    @Test
    void targetLikeDocumentsWeighMoreAndAreSampled() {
        Dsir dsir = Dsir.fit(ToyCorpus.TARGET, POOL);
        double[] logWeights = dsir.logWeights();
        double lowestCat = IntStream.range(0, POOL.size()).filter(ToyCorpus::isCat)
                .mapToDouble(i -> logWeights[i]).min().orElseThrow();
        double highestMarket = IntStream.range(0, POOL.size()).filter(i -> !ToyCorpus.isCat(i))
                .mapToDouble(i -> logWeights[i]).max().orElseThrow();
        assertTrue(lowestCat > highestMarket, lowestCat + " vs " + highestMarket);
        long catPicks = IntStream.range(0, 200)
                .flatMap(seed -> Arrays.stream(dsir.sample(6, seed))).filter(ToyCorpus::isCat).count();
        assertTrue(catPicks > 0.95 * 200 * 6, catPicks + " of " + 200 * 6 + " picks are about cats");
    }

    @Test
    void kOfNReturnsEveryIndexAndZeroReturnsNone() {
        Dsir dsir = Dsir.fit(ToyCorpus.TARGET, POOL);
        int[] all = dsir.sample(POOL.size(), 2);
        Arrays.sort(all);
        assertArrayEquals(IntStream.range(0, POOL.size()).toArray(), all);
        assertArrayEquals(new int[0], dsir.sample(0, 2));
    }

    @Test
    void kAboveThePoolSizeIsRejectedWithTheNumbers() {
        Dsir dsir = Dsir.fit(List.of("a"), List.of("a", "b", "c"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> dsir.sample(4, 0));
        assertEquals("cannot select k=4 documents from a pool of n=3", error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> dsir.sample(-1, 0));
    }

    @Test
    void invalidFitsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Dsir.fit(List.of(), List.of("a")));
        assertThrows(IllegalArgumentException.class,
                () -> Dsir.fit(List.of("a"), List.of("a"), new HashedNgrams(), 0));
        assertThrows(IllegalArgumentException.class,
                () -> Dsir.fit(List.of("a"), List.of("a"), new HashedNgrams(), Double.NaN));
    }

    @Test
    void gumbelTopKDrawsInProportionToWeights() {
        // weights 3 : 1, k = 1: the first is drawn with probability 3/4; over 10,000 fixed seeds the count's
        // standard deviation is about 43, so +-250 is nearly six of them
        double[] logWeights = {Math.log(3), Math.log(1)};
        long first = IntStream.range(0, 10_000).filter(seed -> Dsir.gumbelTopK(logWeights, 1, seed)[0] == 0).count();
        assertTrue(first > 7_250 && first < 7_750, "first drawn " + first + " times of 10,000");
    }

    @Test
    void theRandomStreamAndTheSampleArePinned() {
        // reference values from an independent Python implementation of SplitMix64 and of the Gumbel keys
        SplitMix64 random = new SplitMix64(0);
        assertEquals(0xe220a8397b1dcdafL, random.nextLong());
        assertEquals(0x6e789e6aa1b965f4L, random.nextLong());
        assertArrayEquals(new int[]{0, 3, 2}, Dsir.gumbelTopK(new double[5], 3, 42));
        assertArrayEquals(new int[]{3, 4, 0, 1, 2}, Dsir.gumbelTopK(new double[]{Math.log(3), 0, -5, 2, 1.5}, 5, 7));
    }
}
