package org.smalltolarge.lm;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.smalltolarge.lm.gradients.GradientFeaturizer;
import org.smalltolarge.lm.gradients.GradientFeaturizer.Projection;
import org.smalltolarge.lm.gradients.OutputFunction;
import org.smalltolarge.lm.gradients.ParameterSubset;
import org.smalltolarge.lm.gradients.PerExampleGradients;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Johnson-Lindenstrauss on real text: inner products of projected features track the exact inner products of
 * per-example output gradients of a model trained on real text. Figures are printed (correlation over distinct
 * pairs, and relative Frobenius error of the whole Gram matrix) for k = 1,024 and 4,096, both projections.
 */
@Tag("slow") // trains a model
class ProjectionQualityTest {

    @Test
    void projectedInnerProductsTrackExactGradientInnerProducts() throws Exception {
        GptConfig config = TextFixtures.tinyConfig();
        Hyperparameters hp = Hyperparameters.builder().batchSize(16).learningRate(3e-3, 3e-4, 20).seed(7).build();
        RuntimeSettings runtime = RuntimeSettings.builder().threads(2).device("cpu").build();
        Map<String, float[]> trained;
        try (Trainer trainer = Trainer.start(config, hp, runtime, 120L * 16 * config.context(), Map.of())) {
            trainer.train(TextFixtures.trainingWindows(config.context(), 11), p -> { }, null, () -> false);
            trained = trainer.model().parameterValues();
        }
        List<ScoringExample> examples = new ArrayList<>();
        for (String domain : TextFixtures.DOMAINS) {
            ByteTextWindows windows = TextFixtures.validationWindows(domain, config.context());
            for (int i = 0; i < 24; i++) {
                int[] w = windows.window(i);
                examples.add(i % 2 == 0 ? ScoringExample.wholeSequence(w)
                        : ScoringExample.promptAndAnswer(java.util.Arrays.copyOf(w, 48),
                                java.util.Arrays.copyOfRange(w, 48, w.length))); // answer-only, as cloze items
            }
        }
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch");
             GptModel model = GptModel.fromValues(config, trained, manager, false)) {
            List<float[]> exact = PerExampleGradients.compute(model, examples, ParameterSubset.all(),
                    OutputFunction.MARGIN);
            double[][] truth = gram(exact);
            StringBuilder report = new StringBuilder("JL check, " + examples.size() + " real-text examples, "
                    + config.parameters() + " parameters, margin output:\n");
            List<Runnable> failures = new ArrayList<>();
            for (Projection kind : Projection.values()) {
                for (int k : new int[]{1024, 4096}) {
                    float[][] features = new float[examples.size()][];
                    try (GradientFeaturizer featurizer = new GradientFeaturizer(model, GradientFeaturizer.builder()
                            .projection(kind).dimension(k).seed(1).build())) {
                        featurizer.featurize(examples, (i, f, o, q) -> features[i] = f);
                        double[][] projected = gram(List.of(features));
                        double correlation = offDiagonalCorrelation(truth, projected);
                        double error = relativeError(truth, projected);
                        report.append(String.format("  %-9s k=%4d (dim %4d): correlation %.4f, relative error %.4f%n",
                                kind, k, featurizer.dimension(), correlation, error));
                        failures.add(() -> {
                            // measured (seed 1): factored 0.990 / 0.126 at both k, sparse 0.993 / 0.109 and 0.998 / 0.048
                            double floor = kind == Projection.FACTORED ? 0.97 : k == 1024 ? 0.98 : 0.99;
                            double ceiling = kind == Projection.FACTORED || k == 1024 ? 0.2 : 0.1;
                            assertTrue(correlation > floor, kind + " k=" + k + ": correlation " + correlation
                                    + " below " + floor + "\n" + report);
                            assertTrue(error < ceiling, kind + " k=" + k + ": relative error " + error + " above "
                                    + ceiling + "\n" + report);
                        });
                    }
                }
            }
            System.out.print(report);
            failures.forEach(Runnable::run);
        }
    }

    private static double[][] gram(List<float[]> vectors) {
        int n = vectors.size();
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                float[] a = vectors.get(i);
                float[] b = vectors.get(j);
                for (int c = 0; c < a.length; c++) {
                    s += (double) a[c] * b[c];
                }
                g[i][j] = s;
                g[j][i] = s;
            }
        }
        return g;
    }

    private static double offDiagonalCorrelation(double[][] x, double[][] y) {
        List<double[]> pairs = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                pairs.add(new double[]{x[i][j], y[i][j]});
            }
        }
        double mx = pairs.stream().mapToDouble(p -> p[0]).average().orElseThrow();
        double my = pairs.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (double[] p : pairs) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
            syy += (p[1] - my) * (p[1] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static double relativeError(double[][] truth, double[][] estimate) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < truth.length; i++) {
            for (int j = 0; j < truth.length; j++) {
                diff += Math.pow(estimate[i][j] - truth[i][j], 2);
                norm += truth[i][j] * truth[i][j];
            }
        }
        return Math.sqrt(diff / norm);
    }
}
