package org.smalltolarge.corpus;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MixtureSamplerTest {
    static final List<String> DOMAINS = List.of("alpha", "beta", "gamma");
    static Corpus corpus;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void corpus() throws IOException {
        Map<String, Integer> docs = new LinkedHashMap<>();
        docs.put("alpha", 40);
        docs.put("beta", 10); // a small domain: must repeat (epochs) to meet its share
        docs.put("gamma", 25);
        corpus = Corpus.open(Fixtures.syntheticCorpus(tmp.resolve("byo"), docs, 400));
    }

    @Test
    void realisedTokenSharesMatchTheWeightsWithinOnePoint() {
        Map<String, Double> weights = Map.of("alpha", 0.5, "beta", 0.3, "gamma", 0.2);
        int context = 64;
        MixtureSampler s = MixtureSampler.ofWeights(corpus, weights, context, 500_000, 1);
        Map<String, Long> tokens = new HashMap<>();
        long total = 0;
        for (long i = 0; i < s.windowCount(); i++) {
            int[] w = s.window(i);
            assertEquals(context + 1, w.length);
            // count the context tokens each window trains on, by the domain their bytes come from
            for (int j = 1; j <= context; j++) {
                String d = Fixtures.domainOfToken(w[j], DOMAINS);
                if (d != null) {
                    tokens.merge(d, 1L, Long::sum);
                    total++;
                }
            }
            assertEquals(s.domain(i), Fixtures.domainOfToken(firstNonEod(w), DOMAINS));
        }
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            double share = tokens.get(e.getKey()) / (double) total;
            assertTrue(Math.abs(share - e.getValue()) < 0.01, e.getKey() + " share " + share + " vs " + e.getValue());
        }
    }

    private static int firstNonEod(int[] w) {
        for (int t : w) {
            if (t != ByteTokenizer.EOD) {
                return t;
            }
        }
        throw new AssertionError("window of EOD only");
    }

    @Test
    void sameSeedSameWindowsInAnyOrderAndAnotherSeedDiffers() {
        Map<String, Double> weights = Map.of("alpha", 1.0, "gamma", 3.0);
        MixtureSampler a = MixtureSampler.ofWeights(corpus, weights, 32, 50_000, 42);
        MixtureSampler b = MixtureSampler.ofWeights(corpus, weights, 32, 50_000, 42);
        MixtureSampler c = MixtureSampler.ofWeights(corpus, weights, 32, 50_000, 43);
        int differ = 0;
        for (long i = a.windowCount() - 1; i >= 0; i -= 7) {
            assertArrayEquals(a.window(i), b.window(i));
            assertEquals(a.sourceDocId(i), b.sourceDocId(i));
            if (!java.util.Arrays.equals(a.window(i), c.window(i))) {
                differ++;
            }
        }
        assertTrue(differ > 0.9 * (a.windowCount() / 7), "another seed must give other windows");
    }

    @Test
    void sourceDocIdNamesTheDocumentTheWindowComesFrom() {
        MixtureSampler s = MixtureSampler.ofWeights(corpus, Map.of("beta", 1.0), 16, 20_000, 3);
        TokenFile beta = corpus.tokens("beta", Split.TRAIN);
        for (long i = 0; i < s.windowCount(); i += 5) {
            String id = s.sourceDocId(i);
            int doc = beta.indexOf(id);
            assertTrue(doc >= 0, id);
            String docText = ByteTokenizer.decode(beta.docTokens(doc));
            String window = ByteTokenizer.decode(s.window(i));
            // the majority document holds at least one newline-free run of the window
            boolean found = false;
            for (String part : window.split("\n")) {
                if (part.length() >= 8 && docText.contains(part)) {
                    found = true;
                }
            }
            assertTrue(found, "window " + i + " not found in " + id);
        }
    }

    @Test
    void anExplicitIdListYieldsOnlyThoseExamples() {
        List<String> ids = List.of("alpha-3", "gamma-7", "gamma-8");
        MixtureSampler s = MixtureSampler.ofExamples(corpus, ids, 24, 30_000, 5);
        StringBuilder allowed = new StringBuilder();
        for (String id : ids) {
            Corpus.DocRef r = corpus.locate(id);
            allowed.append(ByteTokenizer.decode(corpus.tokens(r.domain(), r.split()).docTokens(r.index()))).append('\n');
        }
        String pool = allowed.toString() + allowed; // windows may wrap around the end of the selection
        Set<String> seen = new java.util.HashSet<>();
        for (long i = 0; i < s.windowCount(); i++) {
            assertTrue(ids.contains(s.sourceDocId(i)), s.sourceDocId(i));
            seen.add(s.sourceDocId(i));
            assertTrue(pool.contains(ByteTokenizer.decode(s.window(i))), "window " + i + " has foreign tokens");
        }
        assertEquals(Set.copyOf(ids), seen);
    }

    @Test
    void badMixturesNameTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MixtureSampler.ofWeights(corpus, Map.of("alpha", 0.5, "wiki", 0.5), 16, 1000, 1));
        assertTrue(e.getMessage().contains("unknown domain 'wiki'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MixtureSampler.ofWeights(corpus, Map.of("alpha", -1.0), 16, 1000, 1));
        assertTrue(e.getMessage().contains("'alpha'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MixtureSampler.ofExamples(corpus, List.of("alpha-1", "nope"), 16, 1000, 1));
        assertTrue(e.getMessage().contains("ids[1]") && e.getMessage().contains("'nope'"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class,
                () -> MixtureSampler.ofWeights(corpus, Map.of("alpha", 1.0), 16, 1000, 1).window(1000 / 16));
    }

    @Test
    void apportionGivesEverySlotAndFollowsWeights() {
        long[] a = MixtureSampler.apportion(new double[] {1, 1, 1}, 10);
        assertEquals(10, a[0] + a[1] + a[2]);
        assertArrayEquals(new long[] {4, 3, 3}, a);
        assertFalse(MixtureSampler.permute(0, 7, 1) == MixtureSampler.permute(1, 7, 1));
        List<Long> seen = new ArrayList<>();
        for (long j = 0; j < 1000; j++) {
            seen.add(MixtureSampler.permute(j, 1000, 99));
        }
        assertEquals(1000, Set.copyOf(seen).size(), "permute must be a bijection");
    }
}
