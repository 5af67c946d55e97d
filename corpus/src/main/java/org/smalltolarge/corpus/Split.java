package org.smalltolarge.corpus;

import java.util.Locale;

/** Train/validation/test split, decided by a hash of the document id so it never depends on order. */
public enum Split {
    TRAIN, VAL, TEST;

    /** Per-mille shares: 5% validation, 5% test, the rest training. */
    static final int VAL_PER_MILLE = 50;
    static final int TEST_PER_MILLE = 50;

    public static Split of(String documentId) {
        int bucket = (int) Long.remainderUnsigned(Hashing.hash64(documentId), 1000);
        if (bucket < TEST_PER_MILLE) {
            return TEST;
        }
        return bucket < TEST_PER_MILLE + VAL_PER_MILLE ? VAL : TRAIN;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Split parse(String text) {
        for (Split s : values()) {
            if (s.id().equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown split '" + text + "' (expected train, val or test)");
    }
}
