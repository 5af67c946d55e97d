package org.smalltolarge.lm.gradients;

import org.smalltolarge.lm.GptConfig;

/**
 * A sparse Johnson-Lindenstrauss projection of full per-example gradients: every gradient coordinate is added,
 * with a random sign and weight {@code 1 / sqrt(s)}, to {@code s} hashed buckets of the k features ({@code s = 1}
 * is CountSketch). The hash of a coordinate depends only on the seed and the coordinate's index in the subset's
 * flat gradient, so the matrix is never stored densely and is the same everywhere; the dimension is exactly k.
 * Projected inner products are unbiased estimates of gradient inner products.
 *
 * <p>It consumes {@link PerExampleGradients#stream} one parameter at a time (batch x that parameter's size), so
 * memory stays at the largest parameter's block; the cost is computing each explicit per-example gradient.
 */
public final class SparseJlProjection {

    private final int k;
    private final int sparsity;
    private final long seed;
    private final int[] codes;  // per coordinate and hash: bucket << 1 | sign bit
    private final float weight; // 1 / sqrt(s)

    public SparseJlProjection(GptConfig config, ParameterSubset subset, int k, int sparsity, long seed) {
        this(Math.toIntExact(subset.size(config)), k, sparsity, seed);
    }

    /** A projection of vectors of {@code size} coordinates. */
    public SparseJlProjection(int size, int k, int sparsity, long seed) {
        if (k < 1 || sparsity < 1 || sparsity > k) {
            throw new IllegalArgumentException("need k >= 1 and 1 <= s <= k, got k = " + k + ", s = " + sparsity);
        }
        this.k = k;
        this.sparsity = sparsity;
        this.seed = seed;
        this.weight = (float) (1 / Math.sqrt(sparsity));
        this.codes = new int[Math.multiplyExact(size, sparsity)];
        long base = SeededRandom.mix(seed ^ 0x5DEECE66DL);
        for (int coordinate = 0; coordinate < size; coordinate++) {
            for (int h = 0; h < sparsity; h++) {
                long z = SeededRandom.mix(base + (long) coordinate * sparsity + h);
                int bucket = (int) Math.floorMod(z >>> 1, (long) k);
                codes[coordinate * sparsity + h] = bucket << 1 | (int) (z & 1);
            }
        }
    }

    /** Adds the block {@code values} (batch x n, row-major) of coordinates {@code offset..offset+n-1} into {@code features}. */
    void accumulate(float[] values, int offset, int n, float[][] features) {
        for (int b = 0; b < features.length; b++) {
            float[] f = features[b];
            int row = b * n;
            for (int j = 0; j < n; j++) {
                float v = values[row + j] * weight;
                if (v == 0f) {
                    continue;
                }
                int code = (offset + j) * sparsity;
                for (int h = 0; h < sparsity; h++) {
                    int c = codes[code + h];
                    f[c >>> 1] += (c & 1) == 0 ? v : -v;
                }
            }
        }
    }

    /** The features of one vector (for the gradient projection: the subset's flat explicit gradient). */
    public float[] project(float[] gradient) {
        float[][] out = new float[1][k];
        accumulate(gradient, 0, gradient.length, out);
        return out[0];
    }

    public int dimension() {
        return k;
    }

    public int sparsity() {
        return sparsity;
    }

    public long seed() {
        return seed;
    }
}
