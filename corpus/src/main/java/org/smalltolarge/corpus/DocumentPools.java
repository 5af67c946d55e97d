package org.smalltolarge.corpus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pools of training documents as requests name them: explicit ids, or a mixture of data sources and a size drawn
 * reproducibly from the training splits. Shared by every service that resolves a pool (attribution, selection), so
 * the same request names the same documents everywhere. Problems are reported with the request's field paths.
 */
public final class DocumentPools {
    /** Receives one problem: the field path under the caller's prefix, and what is wrong. */
    @FunctionalInterface
    public interface Problems {
        void add(String path, String reason);
    }

    private DocumentPools() {
    }

    /** Checks explicit ids: each a training document, none twice, at least {@code minSize}. */
    public static List<String> checkIds(Corpus corpus, List<String> ids, String path, int minSize, Problems problems) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String at = path + "[" + i + "]";
            Corpus.DocRef ref = corpus.locate(ids.get(i));
            if (ref == null) {
                problems.add(at, "no document '" + ids.get(i) + "' in the corpus");
            } else if (ref.split() != Split.TRAIN) {
                problems.add(at, "document '" + ids.get(i) + "' is in the " + ref.split().id() + " split, not train");
            }
            if (!seen.add(ids.get(i))) {
                problems.add(at, "'" + ids.get(i) + "' is listed twice");
            }
        }
        if (ids.size() < minSize) {
            problems.add(path, "needs at least " + minSize + " examples, got " + ids.size());
        }
        return ids;
    }

    /**
     * Draws {@code size} training documents in proportion to the mixture's weights (largest remainders), each source's
     * share uniformly without replacement with {@code seed}. {@code path} is the pool's own path ("training_set").
     */
    public static List<String> draw(Corpus corpus, Map<String, Double> mixture, Integer size, Long seed, String path,
                                    int minSize, Problems problems) {
        if (size == null || size < minSize) {
            problems.add(path + ".size", "a mixture needs a size >= " + minSize + ", got " + size);
            return List.of();
        }
        Map<String, Double> weights = new TreeMap<>(mixture);
        double total = 0;
        boolean ok = true;
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            if (!corpus.domains().contains(e.getKey())) {
                problems.add(path + ".mixture." + e.getKey(), "no such data source; known: "
                        + String.join(", ", new TreeSet<>(corpus.domains())));
                ok = false;
            } else if (!(e.getValue() > 0) || Double.isInfinite(e.getValue())) {
                problems.add(path + ".mixture." + e.getKey(), "weight must be a finite number > 0");
                ok = false;
            } else {
                total += e.getValue();
            }
        }
        if (!ok) {
            return List.of();
        }
        Map<String, Integer> counts = apportion(weights, total, size);
        long drawSeed = seed == null ? 0 : seed;
        List<String> pool = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            TokenFile tokens = corpus.tokens(e.getKey(), Split.TRAIN);
            if (e.getValue() > tokens.docCount()) {
                problems.add(path + ".size", "needs " + e.getValue() + " documents of '" + e.getKey()
                        + "', whose training split has " + tokens.docCount());
                continue;
            }
            for (int index : sampleWithoutReplacement(tokens.docCount(), e.getValue(), drawSeed, e.getKey())) {
                pool.add(tokens.docId(index));
            }
        }
        return pool;
    }

    /** Largest-remainder shares of {@code size} in proportion to the weights. */
    private static Map<String, Integer> apportion(Map<String, Double> weights, double total, int size) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<Map.Entry<String, Double>> remainders = new ArrayList<>();
        int assigned = 0;
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            double exact = size * e.getValue() / total;
            counts.put(e.getKey(), (int) Math.floor(exact));
            assigned += (int) Math.floor(exact);
            remainders.add(Map.entry(e.getKey(), exact - Math.floor(exact)));
        }
        remainders.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
        for (int i = 0; assigned < size; i++, assigned++) {
            counts.merge(remainders.get(i % remainders.size()).getKey(), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * {@code count} distinct positions of {@code 0..n-1}, sorted, from {@code seed} and a stream name (so draws for
     * different purposes with one seed are independent). String.hashCode is specified, so this is stable everywhere.
     */
    public static int[] sampleWithoutReplacement(int n, int count, long seed, String stream) {
        SplittableRandom random = new SplittableRandom(seed ^ stream.hashCode() * 0x9E3779B97F4A7C15L);
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        for (int i = 0; i < count; i++) { // partial Fisher-Yates
            int j = i + random.nextInt(n - i);
            int t = indices[i];
            indices[i] = indices[j];
            indices[j] = t;
        }
        int[] out = Arrays.copyOf(indices, count);
        Arrays.sort(out);
        return out;
    }
}
