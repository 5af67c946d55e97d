package org.smalltolarge.evaluator.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Everything computed for one test set.
 *
 * @param contentHash       the suite version analysed; runs scored on another version are in
 *                          {@code excludedRuns} and {@code problems}
 * @param chance            null when the suite has no chance level
 * @param runsWithoutSuite  runs that have predictions, but none for this suite
 * @param comparisons       one per proxy scale, in order of increasing compute
 * @param accuracy          null for suites without right answers
 * @param recommendation    the cheapest proxy scale good enough on this suite, or why there is none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SuiteAnalysis(String suite, String kind, String contentHash, Double chance, int items,
        List<String> problems, List<String> runsWithoutSuite, List<String> excludedRuns, List<RunSummary> runs,
        List<ScaleComparison> comparisons, NoiseCeiling referenceNoiseCeiling, AccuracyAnalysis accuracy,
        ProxyRecommendation recommendation) {

    public SuiteAnalysis {
        problems = List.copyOf(problems);
        runsWithoutSuite = List.copyOf(runsWithoutSuite);
        excludedRuns = List.copyOf(excludedRuns);
        runs = List.copyOf(runs);
        comparisons = List.copyOf(comparisons);
    }

    /** One run's result on this suite. accuracy / atOrBelowChance are null where undefined. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RunSummary(String runId, String distribution, String scale, long seed, String role, int items,
            double meanLoss, Double accuracy, Boolean atOrBelowChance) {
    }
}
