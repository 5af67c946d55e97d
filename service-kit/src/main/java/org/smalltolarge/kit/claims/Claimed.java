package org.smalltolarge.kit.claims;

/** What every claimable record tells the worker slots: its natural id and how often it has been claimed. */
public interface Claimed {
    /** The natural id, the document's {@code _id}. */
    String id();

    /** Claims so far, this one included (a take-over after a crash is a new attempt). */
    int attempts();

    /**
     * Claims taken over from a worker that stopped renewing its claim (it crashed, or its process was killed).
     * Releases, waits and refusals are not take-overs.
     */
    int takeovers();
}
