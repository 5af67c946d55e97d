package org.smalltolarge.evaluator.analysis;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One run the study planned, whether or not it has predictions yet.
 *
 * @param flops the planner's figure; the compute ledger recomputes 6 * parameters * tokens and reports a
 *              disagreement as a problem
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PlannedRunRef(String runId, String distribution, String scale, long seed, String role,
        long parameters, long tokens, double flops) {

    public PlannedRunRef {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("planned run: run_id is missing");
        }
        String where = "planned run '" + runId + "': ";
        if (distribution == null || distribution.isBlank()) {
            throw new IllegalArgumentException(where + "distribution is missing");
        }
        if (scale == null || scale.isBlank()) {
            throw new IllegalArgumentException(where + "scale is missing");
        }
        role = Roles.normalise(role, where + "role");
        if (parameters <= 0 || tokens <= 0) {
            throw new IllegalArgumentException(where + "parameters and tokens must be > 0, got " + parameters
                    + " and " + tokens);
        }
    }

    /** Training compute: 6 * parameters * tokens (forward and backward pass), as a double to avoid overflow. */
    public double computedFlops() {
        return 6.0 * parameters * tokens;
    }

    @JsonIgnore
    public boolean isReference() {
        return Roles.REFERENCE.equals(role);
    }
}
