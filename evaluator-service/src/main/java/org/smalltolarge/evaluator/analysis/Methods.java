package org.smalltolarge.evaluator.analysis;

import java.util.List;
import java.util.Locale;

/** The rules of the analysis in words; they travel with every result and appear in the report. */
final class Methods {
    private Methods() {
    }

    static List<String> describe(AnalysisSettings s) {
        return List.of(
                "Per distribution, a scale's loss is the mean over its seeds of each run's mean per-example loss"
                        + " (mean negative log-likelihood over scored tokens).",
                "A comparison (test set x proxy scale) needs at least " + AnalysisSettings.MIN_DISTRIBUTIONS
                        + " distributions with both proxy and reference predictions; otherwise it is undefined.",
                "Pearson r across distributions of proxy vs reference mean loss. Spearman rho is Pearson r of"
                        + " average ranks (tied values share the mean of their ranks).",
                "R^2 is the squared Pearson r: the coefficient of determination of the least-squares line (with"
                        + " intercept) of reference loss on proxy loss, not the fit around y = x.",
                "A correlation is undefined when either vector is constant (range <= 1e-12 relative to its size).",
                String.format(Locale.ROOT, "Confidence intervals: %.0f%% percentile bootstrap over distributions"
                        + " (resampled with replacement, B = %d, seed %d, quantiles interpolated as R type 7);"
                        + " resamples where the statistic is undefined are skipped and counted, and the interval"
                        + " is undefined when more than half are skipped.",
                        s.confidenceLevel() * 100, s.bootstrapResamples(), s.bootstrapSeed()),
                "Decision accuracy: share of distribution pairs the proxy orders like the reference by mean loss;"
                        + " pairs the reference ties are excluded, pairs only the proxy ties count one half.",
                "Per example: Pearson r of proxy vs reference loss across distributions for each item (matched by"
                        + " item id within one suite content hash), over the distributions where both sides scored"
                        + " it (at least 3); histogram with " + s.histogramBins() + " equal bins over [-1, 1].",
                "Chance: " + ChanceRule.DESCRIPTION + ". For a scale's mean accuracy, items is the per-run count.",
                "Noise ceiling: mean over pairs of reference seeds of the correlation across distributions"
                        + " between the two seeds' mean losses (single runs, so a conservative ceiling for the"
                        + " seed-averaged reference).",
                "Compute: 6 x parameters x tokens per run; compute ratio = reference flops / proxy flops.",
                ProxyRecommendation.RULE + (s.recommendMinCorrelation() == null ? " This study sets no threshold."
                        : String.format(Locale.ROOT, " This study's threshold: r = %.3f.",
                                s.recommendMinCorrelation())),
                "Items longer than a model's window (context + 1 tokens) are cut before scoring: text keeps its first"
                        + " context + 1 bytes, cloze and choice items lose context from the left; each test set"
                        + " reports per scale how many items were cut.",
                "Runs scored on another content hash of a suite than the analysed one are excluded from that"
                        + " suite and reported; the analysed hash is the one most reference runs used.");
    }
}
