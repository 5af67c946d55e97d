package org.smalltolarge.corpus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Deterministic, random-access sampler of fixed-length training windows from the training splits.
 * Window i holds context+1 tokens (inputs plus next-token targets); the same seed always gives the same
 * windows, and window(i) never depends on windows before it, so a resumed trainer continues at i = windows consumed.
 * <p>
 * With domain weights, windows are assigned to domains by a shuffled block of slots apportioned to the weights
 * (largest remainder), so each domain's realised share matches its weight to within 1/blockSize. Within a domain,
 * window k starts at a context-aligned offset drawn from a seeded permutation of all offsets; after every offset
 * was used once the next epoch uses a fresh permutation.
 */
public final class MixtureSampler {
    static final int BLOCK = 10_000;

    private final int context;
    private final long windowCount;
    private final long seed;
    private final List<String> names;
    private final List<WindowSource> sources;
    private final int[] slotSource;
    private final long[] slotRank;
    private final long[] perBlock;

    private MixtureSampler(int context, long tokenBudget, long seed, List<String> names, List<WindowSource> sources,
                           double[] weights) {
        if (context < 1) {
            throw new IllegalArgumentException("context must be at least 1, got " + context);
        }
        if (tokenBudget < context) {
            throw new IllegalArgumentException("token budget " + tokenBudget + " is smaller than one window of " + context);
        }
        this.context = context;
        this.windowCount = tokenBudget / context;
        this.seed = seed;
        this.names = names;
        this.sources = sources;
        int block = (int) Math.min(BLOCK, windowCount);
        this.perBlock = apportion(weights, block);
        this.slotSource = new int[block];
        this.slotRank = new long[block];
        int k = 0;
        for (int s = 0; s < perBlock.length; s++) {
            for (long j = 0; j < perBlock[s]; j++) {
                slotSource[k++] = s;
            }
        }
        shuffle(slotSource, new SplittableRandom(seed ^ 0x5DEECE66DL));
        long[] seen = new long[perBlock.length];
        for (int i = 0; i < block; i++) {
            slotRank[i] = seen[slotSource[i]]++;
        }
    }

    /** Windows drawn from each domain's training split in proportion to the weights (normalised). */
    public static MixtureSampler ofWeights(Corpus corpus, Map<String, Double> weights, int context, long tokenBudget,
                                           long seed) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("mixture weights are empty");
        }
        List<String> names = new ArrayList<>();
        List<WindowSource> sources = new ArrayList<>();
        List<Double> ws = new ArrayList<>();
        for (Map.Entry<String, Double> e : new TreeMap<>(weights).entrySet()) {
            String d = e.getKey();
            Double w = e.getValue();
            if (!corpus.domains().contains(d)) {
                throw new IllegalArgumentException("mixture weights: unknown domain '" + d + "'; the corpus has "
                        + corpus.domains());
            }
            if (w == null || !Double.isFinite(w) || w < 0) {
                throw new IllegalArgumentException("mixture weights: weight of '" + d + "' must be a finite number >= 0, got " + w);
            }
            if (w == 0) {
                continue;
            }
            TokenFile train = corpus.tokens(d, Split.TRAIN);
            if (train.length() == 0) {
                throw new IllegalArgumentException("mixture weights: domain '" + d + "' has no training tokens");
            }
            names.add(d);
            sources.add(WindowSource.of(d, train));
            ws.add(w);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("mixture weights are all zero");
        }
        return new MixtureSampler(context, tokenBudget, seed, names, sources,
                ws.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Windows drawn only from the listed training documents (a selected subset), in any domain. */
    public static MixtureSampler ofExamples(Corpus corpus, List<String> exampleIds, int context, long tokenBudget,
                                            long seed) {
        if (exampleIds.isEmpty()) {
            throw new IllegalArgumentException("example id list is empty");
        }
        List<Corpus.DocRef> refs = new ArrayList<>(exampleIds.size());
        for (int i = 0; i < exampleIds.size(); i++) {
            String id = exampleIds.get(i);
            Corpus.DocRef r = corpus.locate(id);
            if (r == null) {
                throw new IllegalArgumentException("example ids[" + i + "]: no document '" + id + "' in the corpus");
            }
            if (r.split() != Split.TRAIN) {
                throw new IllegalArgumentException("example ids[" + i + "]: document '" + id + "' is in the "
                        + r.split().id() + " split, not train");
            }
            refs.add(r);
        }
        return new MixtureSampler(context, tokenBudget, seed, List.of("selected"),
                List.of(WindowSource.ofDocuments(refs, corpus)), new double[] {1.0});
    }

    public int context() {
        return context;
    }

    public long windowCount() {
        return windowCount;
    }

    /** context+1 tokens: window[0..context-1] are inputs, window[1..context] their next-token targets. */
    public int[] window(long index) {
        long start = start(index);
        WindowSource src = sources.get(sourceOf(index));
        int[] out = new int[context + 1];
        for (int i = 0; i <= context; i++) {
            out[i] = src.get(start + i);
        }
        return out;
    }

    /** The training document that contributes most tokens to window index (attribution names it). */
    public String sourceDocId(long index) {
        return sources.get(sourceOf(index)).majorityDoc(start(index), context + 1);
    }

    /** The domain of window index (for an id list: the domain of the window's first token). */
    public String domain(long index) {
        return sources.get(sourceOf(index)).domainAt(start(index));
    }

    /** Windows per domain (or "selected") over the whole budget, as assigned. */
    public Map<String, Long> windowsPerSource() {
        Map<String, Long> out = new LinkedHashMap<>();
        int block = slotSource.length;
        long full = windowCount / block;
        int rest = (int) (windowCount % block);
        for (int s = 0; s < names.size(); s++) {
            out.put(names.get(s), full * perBlock[s]);
        }
        for (int i = 0; i < rest; i++) {
            out.merge(names.get(slotSource[i]), 1L, Long::sum);
        }
        return out;
    }

    private int sourceOf(long index) {
        checkIndex(index);
        return slotSource[(int) (index % slotSource.length)];
    }

    private long start(long index) {
        checkIndex(index);
        int block = slotSource.length;
        int slot = (int) (index % block);
        int s = slotSource[slot];
        long k = (index / block) * perBlock[s] + slotRank[slot];
        long positions = Math.max(1, sources.get(s).length() / context);
        long epoch = k / positions;
        long j = k % positions;
        return permute(j, positions, mix(seed, s, epoch)) * context;
    }

    private void checkIndex(long index) {
        if (index < 0 || index >= windowCount) {
            throw new IndexOutOfBoundsException("window " + index + " outside 0.." + (windowCount - 1));
        }
    }

    /** An affine bijection of [0, n): (a*j + b) mod n with a coprime to n. */
    static long permute(long j, long n, long key) {
        if (n == 1) {
            return 0;
        }
        SplittableRandom r = new SplittableRandom(key);
        long a = 1 + r.nextLong(n - 1);
        while (gcd(a, n) != 1) {
            a = a + 1 == n ? 1 : a + 1;
        }
        long b = r.nextLong(n);
        return Math.floorMod(Math.addExact(mulMod(a, j, n), b), n);
    }

    private static long mulMod(long a, long b, long n) {
        return java.math.BigInteger.valueOf(a).multiply(java.math.BigInteger.valueOf(b))
                .mod(java.math.BigInteger.valueOf(n)).longValue();
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static long mix(long seed, int source, long epoch) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + source * 0xBF58476D1CE4E5B9L + epoch).nextLong();
    }

    /** Largest-remainder apportionment of `total` slots to normalised weights. */
    static long[] apportion(double[] weights, int total) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        long[] out = new long[weights.length];
        double[] rem = new double[weights.length];
        long given = 0;
        for (int i = 0; i < weights.length; i++) {
            double exact = weights[i] / sum * total;
            out[i] = (long) Math.floor(exact);
            rem[i] = exact - out[i];
            given += out[i];
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            order.add(i);
        }
        order.sort((x, y) -> rem[x] != rem[y] ? Double.compare(rem[y], rem[x]) : Integer.compare(x, y));
        for (int i = 0; given < total; i++, given++) {
            out[order.get(i % order.size())]++;
        }
        return out;
    }

    private static void shuffle(int[] a, SplittableRandom r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** For logs: the domains (or "selected") this sampler draws from. */
    public List<String> sources() {
        return Collections.unmodifiableList(names);
    }
}
