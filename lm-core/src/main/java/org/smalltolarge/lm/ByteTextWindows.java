package org.smalltolarge.lm;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random-access training windows over in-memory byte documents: window {@code i} starts at a position drawn
 * from a generator seeded by {@code (seed, i)}, choosing each document in proportion to its length. Meant for
 * tests and benchmarks; the corpus module's samplers do the same job for real datasets.
 */
public final class ByteTextWindows implements TrainingWindows {

    private final List<byte[]> documents;
    private final long[] cumulativeStarts; // number of valid start positions up to and including document d
    private final int context;
    private final long count;
    private final long seed;

    /**
     * @param documents each at least {@code context + 1} bytes long
     * @param count     how many distinct windows to offer
     */
    public ByteTextWindows(List<byte[]> documents, int context, long count, long seed) {
        this.documents = new ArrayList<>(documents);
        this.context = context;
        this.count = count;
        this.seed = seed;
        this.cumulativeStarts = new long[documents.size()];
        long total = 0;
        for (int d = 0; d < documents.size(); d++) {
            int starts = documents.get(d).length - context;
            if (starts <= 0) {
                throw new IllegalArgumentException("document " + d + " has " + documents.get(d).length
                        + " bytes; needs at least " + (context + 1));
            }
            total += starts;
            cumulativeStarts[d] = total;
        }
        if (documents.isEmpty() || count <= 0) {
            throw new IllegalArgumentException("need at least one document and a positive window count");
        }
    }

    @Override
    public int context() {
        return context;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public int[] window(long index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("window " + index + " outside [0, " + count + ")");
        }
        long position = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index)
                .nextLong(cumulativeStarts[cumulativeStarts.length - 1]);
        int d = 0;
        while (position >= cumulativeStarts[d]) {
            d++;
        }
        int start = (int) (position - (d == 0 ? 0 : cumulativeStarts[d - 1]));
        byte[] doc = documents.get(d);
        int[] window = new int[context + 1];
        for (int i = 0; i <= context; i++) {
            window[i] = doc[start + i] & 0xFF;
        }
        return window;
    }
}
