package org.smalltolarge.evaluator.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * One proxy scale against the reference on one suite, across distributions.
 *
 * @param reason  why the whole comparison is undefined (e.g. fewer than 3 distributions); null when defined
 * @param points  every planned distribution, with null losses where a side has no predictions
 * @param r2      the squared Pearson correlation, i.e. the coefficient of determination of the least-squares
 *                line (with intercept) through the points; not 1 - SSres/SStot around y = x
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ScaleComparison(String scale, double proxyFlops, double computeRatio, int distributionsCompared,
        String reason, List<DistributionPoint> points, Estimate pearson, Estimate spearman, Estimate r2,
        DecisionAccuracy decisionAccuracy, PerExampleCorrelation perExample) {

    public ScaleComparison {
        points = List.copyOf(points);
    }

    /** Seed-averaged mean losses of one distribution; null with 0 seeds where that side has no predictions. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DistributionPoint(String distribution, Double proxyMeanLoss, int proxySeeds,
            Double referenceMeanLoss, int referenceSeeds) {
    }
}
