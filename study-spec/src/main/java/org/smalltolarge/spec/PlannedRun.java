package org.smalltolarge.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * One training run of a study: one model of one scale trained on one distribution with one seed.
 *
 * @param runId stable id, {@code <studyId>-<16 hex>}; see {@link StudyPlanner} for what it depends on
 */
public record PlannedRun(
        @JsonProperty("run_id") String runId,
        @JsonProperty("study_id") String studyId,
        @JsonProperty("distribution") Distribution distribution,
        @JsonProperty("scale") Scale scale,
        @JsonProperty("seed") long seed,
        @JsonProperty("role") Role role) {

    /** REFERENCE for runs at the study's reference scale, PROXY for every smaller (or other) scale. */
    public enum Role { PROXY, REFERENCE }

    public PlannedRun {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(studyId, "studyId");
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(role, "role");
    }

    /**
     * Training compute, 6 * parameters * tokens. A double, not a long: at the default limits
     * (2e9 parameters, 1e12 tokens) the product reaches 1.2e22, beyond a long.
     */
    public double flops() {
        return scale.flops();
    }
}
