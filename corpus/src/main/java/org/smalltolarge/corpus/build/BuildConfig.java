package org.smalltolarge.corpus.build;

import java.nio.file.Path;

/** What a build depends on besides the packages. */
public record BuildConfig(Path out, Path cache, long capBytes, int heldoutPerDomain, int lastwordPerDomain,
                          int choiceItems) {
    public static final long DEFAULT_CAP_BYTES = 16L << 20;

    public static BuildConfig defaults(Path out) {
        return new BuildConfig(out, out.resolve(".cache"), DEFAULT_CAP_BYTES, 40, 40, 1000);
    }

    public BuildConfig withCapBytes(long cap) {
        return new BuildConfig(out, cache, cap, heldoutPerDomain, lastwordPerDomain, choiceItems);
    }

    public BuildConfig withCache(Path dir) {
        return new BuildConfig(out, dir, capBytes, heldoutPerDomain, lastwordPerDomain, choiceItems);
    }

    /** The settings that change the output (the cache folder does not). */
    String key() {
        return "cap=" + capBytes + " heldout=" + heldoutPerDomain + " lastword=" + lastwordPerDomain
                + " choice=" + choiceItems;
    }
}
