package org.smalltolarge.lm.gradients;

/**
 * Random numbers that are the same on every machine and JVM: SplitMix64 (a fixed integer recurrence) and
 * Box-Muller with {@link StrictMath}, whose results the Java specification fixes bit for bit. Projection
 * matrices and hashes are drawn from here, so a seed names the same features everywhere.
 */
final class SeededRandom {

    private long state;
    private double spare = Double.NaN;

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

    /** Uniform in (0, 1], never 0 (Box-Muller takes its logarithm). */
    private double nextOpenUniform() {
        return ((nextLong() >>> 11) + 1) * 0x1.0p-53;
    }

    double nextGaussian() {
        if (!Double.isNaN(spare)) {
            double g = spare;
            spare = Double.NaN;
            return g;
        }
        double radius = StrictMath.sqrt(-2 * StrictMath.log(nextOpenUniform()));
        double angle = 2 * Math.PI * nextOpenUniform();
        spare = radius * StrictMath.sin(angle);
        return radius * StrictMath.cos(angle);
    }

    /** {@code rows x cols} Gaussian entries with standard deviation {@code std}, row-major. */
    static float[] gaussianMatrix(long seed, String stream, int rows, int cols, double std) {
        SeededRandom random = new SeededRandom(seed, stream);
        float[] values = new float[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return values;
    }
}
