package org.smalltolarge.evaluator.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Accuracy per scale on a suite with right answers, against chance where chance is defined.
 *
 * @param chance null for suites without a chance level (e.g. cloze); then no flag is set
 * @param rule   the "at or below chance" rule, see {@link ChanceRule}
 * @param scales every scale with predictions, the reference last
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AccuracyAnalysis(Double chance, String rule, List<ScaleAccuracy> scales) {

    public AccuracyAnalysis {
        scales = List.copyOf(scales);
    }

    /**
     * @param items            items per run (the smallest count when runs differ)
     * @param chanceThreshold  chance + 2 binomial standard errors at chance over {@code items}; null without chance
     * @param atOrBelowChance  whether the mean accuracy is at or below the threshold; null without chance
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ScaleAccuracy(String scale, String role, int runs, int items, double meanAccuracy,
            double minAccuracy, double maxAccuracy, Double chanceThreshold, int runsAtOrBelowChance,
            Boolean atOrBelowChance) {
    }
}
