package org.smalltolarge.evaluator.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Training compute of every planned run (6 * parameters * tokens) and of each scale.
 *
 * @param referenceFlops compute of one reference run
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ComputeLedger(List<RunCompute> runs, List<ScaleCompute> scales, double referenceFlops,
        double totalFlops) {

    public ComputeLedger {
        runs = List.copyOf(runs);
        scales = List.copyOf(scales);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RunCompute(String runId, String distribution, String scale, long seed, String role,
            long parameters, long tokens, double flops, boolean hasPredictions) {
    }

    /**
     * @param computeRatio reference flops / this scale's flops per run (1 for the reference; 370 means the
     *                     proxy is 370 times cheaper)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ScaleCompute(String scale, String role, long parameters, long tokens, double flopsPerRun,
            int runs, double totalFlops, double computeRatio) {
    }
}
