package org.smalltolarge.attribution.domain;

/** Where an attribution stands; the stored value is the lower-case name. */
public enum AttributionStatus {
    /** Planned; its study is (being) trained by the trainer; models are recorded as they complete. */
    WAITING_FOR_MODELS,
    /** Every model is trained: a worker may claim it. */
    READY,
    /** A worker computes it (claimed, heartbeats). */
    COMPUTING,
    COMPLETED,
    /** A model could not be trained, the trainer rejected the study, or the computation failed for good. */
    FAILED;

    public String stored() {
        return name().toLowerCase();
    }

    public static AttributionStatus of(String stored) {
        return valueOf(stored.toUpperCase());
    }
}
