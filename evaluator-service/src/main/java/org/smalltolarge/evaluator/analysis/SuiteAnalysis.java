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
 * @param itemsCut          per scale with predictions (cheapest first), how many items were longer than its models'
 *                          window and cut to fit before scoring
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SuiteAnalysis(String suite, String kind, String contentHash, Double chance, int items,
        List<String> problems, List<String> runsWithoutSuite, List<String> excludedRuns, List<RunSummary> runs,
        List<ScaleComparison> comparisons, NoiseCeiling referenceNoiseCeiling, AccuracyAnalysis accuracy,
        ProxyRecommendation recommendation, List<ItemsCut> itemsCut) {

    public SuiteAnalysis {
        problems = List.copyOf(problems);
        runsWithoutSuite = List.copyOf(runsWithoutSuite);
        excludedRuns = List.copyOf(excludedRuns);
        runs = List.copyOf(runs);
        comparisons = List.copyOf(comparisons);
        itemsCut = itemsCut == null ? List.of() : List.copyOf(itemsCut);
    }

    /**
     * Items of this suite cut to fit one scale's models: a model scores at most context + 1 tokens, so a longer
     * text is scored on its first context + 1 bytes only, and a cloze or choice item loses context from the left.
     *
     * @param context  the scale's context in tokens; null where its predictions do not record it
     * @param itemsCut the most items cut in any run of the scale (its runs share the context, so they agree); null
     *                 where not recorded
     * @param items    items scored per run
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ItemsCut(String scale, Integer context, Integer itemsCut, int items) {
    }

    /** One run's result on this suite. accuracy / atOrBelowChance are null where undefined. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RunSummary(String runId, String distribution, String scale, long seed, String role, int items,
            double meanLoss, Double accuracy, Boolean atOrBelowChance) {
    }
}
