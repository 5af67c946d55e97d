package org.smalltolarge.evaluator.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * For one test set: the cheapest proxy scale whose Pearson r with the reference (across distributions) is, within
 * its bootstrap interval, as good as a target, and the compute it saves. The target is the study's
 * {@code analysis.recommend_min_correlation} when set, else the reference's seed-to-seed noise ceiling (mean
 * Pearson r over pairs of reference seeds). "Within its interval" means the interval's upper end reaches the
 * target: the data do not show the proxy worse than the target. Without a target, or when no scale reaches it,
 * {@code scale} is null and {@code reason} says why: the analysis says so rather than recommend.
 *
 * @param criterion    {@code threshold}, {@code noise_ceiling}, or null when there is no target
 * @param target       the Pearson r to reach; null when there is no target
 * @param scale        the recommended proxy scale; null when none
 * @param computeRatio reference compute / the recommended proxy's compute per run (how many times cheaper)
 * @param checked      every proxy scale, cheapest first, with whether it reaches the target
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProxyRecommendation(String criterion, Double target, String scale, Double computeRatio,
        Double proxyFlops, Double pearson, Double ciLow, Double ciHigh, String reason, List<ScaleCheck> checked) {

    public static final String THRESHOLD = "threshold";
    public static final String NOISE_CEILING = "noise_ceiling";

    static final String RULE = "Recommended proxy per test set: the cheapest proxy scale whose Pearson r with the"
            + " reference is, within its bootstrap interval, as good as the target (the interval's upper end reaches"
            + " it); the target is analysis.recommend_min_correlation when the study sets it, else the reference's"
            + " seed-to-seed noise ceiling (mean Pearson r); without either, no proxy is recommended. Compute saved"
            + " = reference compute / proxy compute per run.";

    public ProxyRecommendation {
        checked = checked == null ? List.of() : List.copyOf(checked);
    }

    /** One proxy scale against the target; {@code meetsTarget} is false when its r is undefined. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ScaleCheck(String scale, double computeRatio, Double pearson, Double ciLow, Double ciHigh,
            boolean meetsTarget) {
    }

    /** @param comparisons in order of increasing compute, as {@link SuiteAnalysis#comparisons()} */
    static ProxyRecommendation of(List<ScaleComparison> comparisons, NoiseCeiling ceiling, AnalysisSettings settings) {
        String criterion;
        double target;
        if (settings.recommendMinCorrelation() != null) {
            criterion = THRESHOLD;
            target = settings.recommendMinCorrelation();
        } else if (ceiling != null && ceiling.meanPearson() != null) {
            criterion = NOISE_CEILING;
            target = ceiling.meanPearson();
        } else {
            String why = ceiling == null || ceiling.reason() == null ? "no noise ceiling" : ceiling.reason();
            return new ProxyRecommendation(null, null, null, null, null, null, null, null, "nothing to compare with: "
                    + why + ", and the study sets no analysis.recommend_min_correlation; no proxy is recommended",
                    List.of());
        }
        List<ScaleCheck> checks = new ArrayList<>();
        ScaleComparison chosen = null;
        for (ScaleComparison c : comparisons) {
            Estimate r = c.pearson();
            boolean meets = meets(r, target);
            checks.add(new ScaleCheck(c.scale(), c.computeRatio(), r.value(), r.ciLow(), r.ciHigh(), meets));
            if (meets && chosen == null) {
                chosen = c;
            }
        }
        if (chosen == null) {
            String what = comparisons.isEmpty() ? "the study has no proxy scale"
                    : "no proxy scale's Pearson r reaches " + describe(criterion, target) + " within its interval";
            return new ProxyRecommendation(criterion, target, null, null, null, null, null, null,
                    what + "; no proxy is recommended", checks);
        }
        Estimate r = chosen.pearson();
        return new ProxyRecommendation(criterion, target, chosen.scale(), chosen.computeRatio(), chosen.proxyFlops(),
                r.value(), r.ciLow(), r.ciHigh(), null, checks);
    }

    /** A defined r whose interval reaches the target; without an interval, the point estimate must. */
    private static boolean meets(Estimate r, double target) {
        if (r == null || r.value() == null) {
            return false;
        }
        return r.ciHigh() != null ? r.ciHigh() >= target : r.value() >= target;
    }

    static String describe(String criterion, double target) {
        return String.format(Locale.ROOT, "%s r = %.3f", NOISE_CEILING.equals(criterion)
                ? "the reference's seed-to-seed noise ceiling" : "the threshold", target);
    }
}
