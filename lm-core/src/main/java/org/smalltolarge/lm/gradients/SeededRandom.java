package org.smalltolarge.lm.gradients;

/**
 * Random bits that are the same on every machine and JVM: SplitMix64, a fixed integer recurrence (no floating
 * point, no library whose algorithm may change). Projection signs and hashes are drawn from here, so a seed names
 * the same projection everywhere.
 */
final class SeededRandom {

    private long state;

    SeededRandom(long seed, String stream) {
        this.state = mix(seed ^ mix(stream.hashCode() * 0x9E3779B97F4A7C15L + stream.length()));
    }

    /** SplitMix64's finaliser: a well-mixed 64-bit function of {@code z}. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** {@code rows x cols} entries +-{@code scale} with equal probability, row-major. */
    static float[] signMatrix(long seed, String stream, int rows, int cols, double scale) {
        SeededRandom random = new SeededRandom(seed, stream);
        float[] values = new float[Math.multiplyExact(rows, cols)];
        long bits = 0;
        for (int i = 0; i < values.length; i++) {
            if ((i & 63) == 0) {
                bits = random.nextLong();
            }
            values[i] = (float) (((bits >>> (i & 63)) & 1) == 0 ? scale : -scale);
        }
        return values;
    }
}
