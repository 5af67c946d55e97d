package org.smalltolarge.stats;

/**
 * A statistic that may be undefined. A defined result has a finite value and no reason; an undefined one has a
 * reason and NaN as its value, which callers should not read: use {@link #defined()} or {@link #orNull()}.
 */
public record StatResult(double value, String reason) {

    public StatResult {
        if (reason == null && !Double.isFinite(value)) {
            throw new IllegalArgumentException("a defined statistic must be finite, got " + value);
        }
    }

    /** A defined result; {@code value} must be finite. */
    public static StatResult of(double value) {
        return new StatResult(value, null);
    }

    /** An undefined result; {@code reason} says why in words and must not be null. */
    public static StatResult undefined(String reason) {
        if (reason == null) {
            throw new IllegalArgumentException("an undefined statistic needs a reason");
        }
        return new StatResult(Double.NaN, reason);
    }

    public boolean defined() {
        return reason == null;
    }

    /** The value boxed, or null when undefined (what a serialised result holds). */
    public Double orNull() {
        return defined() ? value : null;
    }
}
