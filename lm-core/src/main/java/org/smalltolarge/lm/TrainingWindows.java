package org.smalltolarge.lm;

/**
 * Training data as a deterministic, random-access sequence of token windows. Window {@code i} is always the
 * same {@code context + 1} tokens (inputs, then the same tokens shifted by one as targets), so a resumed
 * run continues exactly by asking for the next index. Seeded shuffling, if any, is the implementation's job.
 */
public interface TrainingWindows {

    /** Tokens per training input; each window holds {@code context() + 1} ids. */
    int context();

    /** Number of distinct windows; indices beyond it wrap around (a new epoch). */
    long count();

    /** The window at {@code index} (0 <= index < count()), ids in [0, vocab). */
    int[] window(long index);
}
