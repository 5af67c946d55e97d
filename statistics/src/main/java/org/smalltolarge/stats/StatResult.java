package org.smalltolarge.stats;

/**
 * A statistic that may be undefined. Exactly one of value / reason is meaningful: an undefined statistic
 * carries a reason instead of NaN.
 */
public record StatResult(double value, String reason) {

    public static StatResult of(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a defined statistic must be finite, got " + value);
        }
        return new StatResult(value, null);
    }

    public static StatResult undefined(String reason) {
        return new StatResult(Double.NaN, reason);
    }

    public boolean defined() {
        return reason == null;
    }

    /** The value boxed, or null when undefined (what the serialised analysis holds). */
    public Double orNull() {
        return defined() ? value : null;
    }
}
