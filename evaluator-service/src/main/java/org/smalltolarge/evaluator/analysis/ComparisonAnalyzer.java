package org.smalltolarge.evaluator.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.smalltolarge.stats.Bootstrap;
import org.smalltolarge.stats.Correlation;
import org.smalltolarge.stats.Histogram;
import org.smalltolarge.stats.Quantiles;
import org.smalltolarge.stats.StatResult;

/** One proxy scale against the reference on one suite: correlations, decision accuracy, per-example summary. */
final class ComparisonAnalyzer {
    private static final String PROXY = "proxy mean loss";
    private static final String REFERENCE = "reference mean loss";

    private ComparisonAnalyzer() {
    }

    static ScaleComparison compare(String suite, ComputeLedger.ScaleCompute scale, List<String> distributions,
            Map<String, SeedAverage> proxy, Map<String, SeedAverage> reference, List<String> itemOrder,
            AnalysisSettings settings) {
        List<ScaleComparison.DistributionPoint> points = new ArrayList<>();
        List<String> compared = new ArrayList<>();
        for (String d : distributions) {
            SeedAverage p = proxy.get(d);
            SeedAverage r = reference.get(d);
            points.add(new ScaleComparison.DistributionPoint(d, p == null ? null : p.meanLoss(),
                    p == null ? 0 : p.seeds(), r == null ? null : r.meanLoss(), r == null ? 0 : r.seeds()));
            if (p != null && r != null) {
                compared.add(d);
            }
        }
        int n = compared.size();
        double level = settings.confidenceLevel();
        if (n < AnalysisSettings.MIN_DISTRIBUTIONS) {
            String reason = "only " + n + " distribution" + (n == 1 ? "" : "s") + " with both proxy and reference"
                    + " predictions (need at least " + AnalysisSettings.MIN_DISTRIBUTIONS + ")";
            Estimate none = Estimate.undefined(reason, level);
            return new ScaleComparison(scale.scale(), scale.flopsPerRun(), scale.computeRatio(), n, reason, points,
                    none, none, none, DecisionAccuracy.undefined(reason, n),
                    new PerExampleCorrelation(itemOrder.size(), 0, itemOrder.size(),
                            itemOrder.isEmpty() ? Map.of() : Map.of(reason, itemOrder.size()), null, null,
                            Histogram.of(new double[0], -1, 1, settings.histogramBins()), reason));
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = proxy.get(compared.get(i)).meanLoss();
            y[i] = reference.get(compared.get(i)).meanLoss();
        }
        // Each (suite, scale) gets its own stream, so adding a suite does not change another's interval.
        long seed = settings.bootstrapSeed() * 31 + (suite + '\u0000' + scale.scale()).hashCode();
        int[][] resamples = Bootstrap.resampleIndices(n, settings.bootstrapResamples(), seed);
        BiFunction<double[], double[], StatResult> pearson = (a, b) -> Correlation.pearson(a, b, PROXY, REFERENCE);
        BiFunction<double[], double[], StatResult> spearman = (a, b) -> Correlation.spearman(a, b, PROXY, REFERENCE);
        BiFunction<double[], double[], StatResult> r2 = (a, b) -> Correlation.rSquared(a, b, PROXY, REFERENCE);
        return new ScaleComparison(scale.scale(), scale.flopsPerRun(), scale.computeRatio(), n, null, points,
                estimate(x, y, pearson, resamples, level), estimate(x, y, spearman, resamples, level),
                estimate(x, y, r2, resamples, level), DecisionAccuracy.of(x, y),
                perExample(compared, proxy, reference, itemOrder, settings.histogramBins()));
    }

    private static Estimate estimate(double[] x, double[] y, BiFunction<double[], double[], StatResult> statistic,
            int[][] resamples, double level) {
        StatResult point = statistic.apply(x, y);
        if (!point.defined()) {
            return Estimate.of(point, new Bootstrap.Interval(null, null, level, 0, 0, 0, null));
        }
        return Estimate.of(point, Bootstrap.percentile(x, y, statistic, resamples, level));
    }

    static PerExampleCorrelation perExample(List<String> compared, Map<String, SeedAverage> proxy,
            Map<String, SeedAverage> reference, List<String> itemOrder, int bins) {
        double[] values = new double[itemOrder.size()];
        int defined = 0;
        Map<String, Integer> undefinedReasons = new TreeMap<>();
        for (String item : itemOrder) {
            double[] px = new double[compared.size()];
            double[] ry = new double[compared.size()];
            int m = 0;
            for (String d : compared) {
                Double p = proxy.get(d).itemLosses().get(item);
                Double r = reference.get(d).itemLosses().get(item);
                if (p != null && r != null) {
                    px[m] = p;
                    ry[m] = r;
                    m++;
                }
            }
            String reason = null;
            if (m < AnalysisSettings.MIN_DISTRIBUTIONS) {
                reason = "scored by both sides in fewer than " + AnalysisSettings.MIN_DISTRIBUTIONS + " distributions";
            } else {
                px = java.util.Arrays.copyOf(px, m);
                ry = java.util.Arrays.copyOf(ry, m);
                // Reasons by category, not by value, so the counts stay a short list.
                if (Correlation.isConstant(px)) {
                    reason = "proxy loss constant across distributions";
                } else if (Correlation.isConstant(ry)) {
                    reason = "reference loss constant across distributions";
                }
            }
            if (reason != null) {
                undefinedReasons.merge(reason, 1, Integer::sum);
            } else {
                values[defined++] = Correlation.pearson(px, ry).value();
            }
        }
        double[] definedValues = java.util.Arrays.copyOf(values, defined);
        Histogram histogram = Histogram.of(definedValues, -1, 1, bins);
        int undefined = itemOrder.size() - defined;
        if (defined == 0) {
            return new PerExampleCorrelation(itemOrder.size(), 0, undefined, undefinedReasons, null, null, histogram,
                    "no example has a defined correlation");
        }
        return new PerExampleCorrelation(itemOrder.size(), defined, undefined, undefinedReasons,
                Quantiles.median(definedValues), mean(definedValues), histogram, null);
    }

    /** A plain sum divided by n: the summation order the published means have always had. */
    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
