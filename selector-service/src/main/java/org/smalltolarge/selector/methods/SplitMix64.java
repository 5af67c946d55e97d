package org.smalltolarge.selector.methods;

/**
 * Seeded uniforms that are the same on every JVM and machine: SplitMix64 (Steele, Lea and Flood), a fixed integer
 * recurrence, instead of {@link java.util.Random} or {@link java.util.SplittableRandom}, whose algorithms the
 * platform does not promise to keep.
 */
final class SplitMix64 {

    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = state += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A uniform on the midpoints {@code (j + 1/2) / 2^52}, all exact doubles strictly inside (0, 1), so
     * {@code log(u)} and {@code log(1 - u)} are always finite.
     */
    double nextDouble() {
        return ((nextLong() >>> 12) + 0.5) * 0x1.0p-52;
    }

    /** A uniform index in {@code [0, bound)} (modulo bias below {@code bound / 2^64}). */
    int nextIndex(int bound) {
        return (int) Long.remainderUnsigned(nextLong(), bound);
    }
}
