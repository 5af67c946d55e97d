package org.smalltolarge.selector.domain;

import java.util.List;

/**
 * Where a selection stands; the stored value is the lower-case name. The open statuses are steps a worker may
 * claim; the waiting ones end when another service announces its part (attribution.completed, study.analyzed).
 */
public enum SelectionStatus {
    /** Received: compute the baselines, then ask for DsDm's scores (or, without DsDm, for the training study). */
    SELECTING,
    /** The attribution service computes DsDm's TRAK scores. */
    WAITING_FOR_SCORES,
    /** Scores are ready: read them, make the DsDm selections and ask for the training study. */
    SCORING,
    /** The trainer trains, and the evaluator scores, the reference on every selection. */
    WAITING_FOR_MODELS,
    /** Every model is evaluated: read the holdout predictions and compare the selections. */
    ANALYZING,
    /** A worker holds it (the step it works on is the stored phase). */
    WORKING,
    COMPLETED,
    /** The attribution or the study was rejected, a model failed to train, or a step failed for good. */
    FAILED;

    /** The steps a worker may claim. */
    public static final List<SelectionStatus> STEPS = List.of(SELECTING, SCORING, ANALYZING);

    public String stored() {
        return name().toLowerCase();
    }

    public static SelectionStatus of(String stored) {
        return valueOf(stored.toUpperCase());
    }
}
