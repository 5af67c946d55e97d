package org.smalltolarge.lm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smalltolarge.lm.gradients.FactoredProjection;
import org.smalltolarge.lm.gradients.GradientFeaturizer;
import org.smalltolarge.lm.gradients.GradientFeaturizer.Projection;
import org.smalltolarge.lm.gradients.OutputFunction;
import org.smalltolarge.lm.gradients.ParameterSubset;
import org.smalltolarge.lm.gradients.PerExampleGradients;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attribution engine is exact: batched per-example gradients equal one-example-at-a-time autograd, and both
 * projections of them equal projecting the explicit gradients with the same matrices.
 *
 * <p>Tolerance: float32 throughout, and the tapped forward pass runs LayerNorm as two steps where the plain one
 * fuses them, so values agree to rounding: every coordinate within 1e-4 of the largest gradient coordinate
 * (measured differences are ~1e-7 relative).
 */
class PerExampleGradientTest {

    private static final GptConfig CONFIG = GptConfig.bytes(16, 24, 2, 2);
    private static final double TOLERANCE = 1e-4;
    private static NDManager manager;
    private static Map<String, float[]> values;

    @BeforeAll
    static void model() {
        NativeRuntime.configureThreads(1, 1);
        manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        try (GptModel initial = GptModel.initialize(CONFIG, 5, manager)) {
            values = initial.parameterValues();
        }
        // break the symmetry of fresh LayerNorms and zero biases, so their gradients are tested for real
        java.util.SplittableRandom random = new java.util.SplittableRandom(9);
        values.replaceAll((name, v) -> {
            float[] copy = v.clone();
            if (name.contains("ln") || name.endsWith(".bias")) {
                for (int i = 0; i < copy.length; i++) {
                    copy[i] += (float) (0.1 * random.nextGaussian());
                }
            }
            return copy;
        });
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Mixed lengths and masks: whole sequences, answer-only, one longer than the context (cut). */
    private static List<ScoringExample> examples() {
        byte[] text = TextFixtures.train("moby-dick.txt");
        List<ScoringExample> examples = new ArrayList<>();
        examples.add(ScoringExample.wholeSequence(tokens(text, 1000, 17)));
        examples.add(ScoringExample.wholeSequence(tokens(text, 5000, 6)));
        examples.add(ScoringExample.promptAndAnswer(tokens(text, 9000, 9), tokens(text, 9009, 3)));
        examples.add(ScoringExample.promptAndAnswer(tokens(text, 12000, 20), tokens(text, 12020, 4)));
        examples.add(ScoringExample.wholeSequence(tokens(text, 20000, 12)));
        return examples;
    }

    private static int[] tokens(byte[] text, int from, int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = text[from + i] & 0xff;
        }
        return t;
    }

    @Test
    void batchedPerExampleGradientsEqualOneExampleAtATimeAutograd() {
        for (OutputFunction output : List.of(OutputFunction.MARGIN, OutputFunction.MEAN_LOG_LIKELIHOOD)) {
            List<ScoringExample> examples = examples();
            List<float[]> batched;
            try (GptModel frozen = GptModel.fromValues(CONFIG, values, manager, false)) {
                batched = PerExampleGradients.compute(frozen, examples, ParameterSubset.all(), output);
            }
            for (int i = 0; i < examples.size(); i++) {
                float[] reference = singleExampleGradient(examples.get(i).fittedTo(CONFIG.context(), i), output);
                assertClose(reference, batched.get(i), output.name() + " example " + i);
            }
        }
    }

    @Test
    void aParameterSubsetIsTheMatchingSliceOfTheFullGradient() {
        List<ScoringExample> examples = examples();
        ParameterSubset subset = ParameterSubset.prefixes("blocks.1.mlp", "pos_emb");
        try (GptModel frozen = GptModel.fromValues(CONFIG, values, manager, false)) {
            List<float[]> full = PerExampleGradients.compute(frozen, examples, ParameterSubset.all(),
                    OutputFunction.MARGIN);
            List<float[]> part = PerExampleGradients.compute(frozen, examples, subset, OutputFunction.MARGIN);
            assertEquals(subset.size(CONFIG), part.get(0).length);
            int posOffset = (int) GptModel.parameterShapes(CONFIG).get("tok_emb.weight").size();
            int posSize = (int) GptModel.parameterShapes(CONFIG).get("pos_emb.weight").size();
            for (int i = 0; i < examples.size(); i++) {
                assertArrayEquals(Arrays.copyOfRange(full.get(i), posOffset, posOffset + posSize),
                        Arrays.copyOfRange(part.get(i), 0, posSize), 1e-6f);
            }
        }
    }

    @Test
    void factoredFeaturesEqualTheExplicitGradientProjectedWithTheSameFactors() {
        List<ScoringExample> examples = examples();
        for (ParameterSubset subset : List.of(ParameterSubset.all(),
                ParameterSubset.prefixes("blocks.1.attn", "pos_emb", "blocks.0.mlp.fc.bias", "ln_f.weight"))) {
            try (GptModel frozen = GptModel.fromValues(CONFIG, values, manager, false);
                 GradientFeaturizer featurizer = new GradientFeaturizer(frozen, GradientFeaturizer.builder()
                         .projection(Projection.FACTORED).dimension(300).factorSide(12).seed(3).subset(subset).batchSize(3)
                         .build())) {
                List<float[]> features = features(featurizer, examples);
                List<float[]> explicit = PerExampleGradients.compute(frozen, examples, subset, OutputFunction.MARGIN);
                FactoredProjection projection = featurizer.factoredProjection();
                assertEquals(300, projection.dimension());
                for (int i = 0; i < examples.size(); i++) {
                    assertClose(projection.projectExplicit(explicit.get(i)), features.get(i),
                            "subset " + subset.prefixes() + " example " + i);
                }
            }
        }
    }

    @Test
    void sparseFeaturesEqualTheExplicitGradientSketchedWithTheSameHashes() {
        List<ScoringExample> examples = examples();
        for (int sparsity : new int[]{1, 4}) {
            try (GptModel frozen = GptModel.fromValues(CONFIG, values, manager, false);
                 GradientFeaturizer featurizer = new GradientFeaturizer(frozen, GradientFeaturizer.builder()
                         .projection(Projection.SPARSE_JL).dimension(128).sparsity(sparsity).seed(3).batchSize(2)
                         .build())) {
                List<float[]> features = features(featurizer, examples);
                List<float[]> explicit = PerExampleGradients.compute(frozen, examples, ParameterSubset.all(),
                        OutputFunction.MARGIN);
                assertEquals(128, featurizer.dimension());
                for (int i = 0; i < examples.size(); i++) {
                    assertClose(featurizer.sparseProjection().project(explicit.get(i)), features.get(i),
                            "s = " + sparsity + " example " + i);
                }
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameFeaturesAndAnotherSeedOthers() {
        List<ScoringExample> examples = examples();
        for (Projection kind : Projection.values()) {
            try (GptModel frozen = GptModel.fromValues(CONFIG, values, manager, false)) {
                List<float[]> a = features(frozen, kind, 7, examples);
                List<float[]> b = features(frozen, kind, 7, examples);
                List<float[]> c = features(frozen, kind, 8, examples);
                for (int i = 0; i < examples.size(); i++) {
                    assertArrayEquals(a.get(i), b.get(i), kind + " example " + i);
                    assertFalse(Arrays.equals(a.get(i), c.get(i)), kind + " example " + i);
                }
            }
        }
    }

    @Test
    void anExampleWithoutAScoredTokenIsRefusedByIndex() {
        List<ScoringExample> examples = new ArrayList<>(examples());
        examples.add(new ScoringExample(new int[]{1, 2, 3}, new boolean[3]));
        try (GptModel frozen = GptModel.fromValues(CONFIG, values, manager, false);
             GradientFeaturizer featurizer = new GradientFeaturizer(frozen, GradientFeaturizer.builder().build())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> featurizer.featurize(examples, (i, f, o, q) -> { }));
            assertEquals("example 5 has no scored token", e.getMessage());
        }
    }

    private static List<float[]> features(GptModel model, Projection kind, long seed, List<ScoringExample> examples) {
        try (GradientFeaturizer featurizer = new GradientFeaturizer(model, GradientFeaturizer.builder()
                .projection(kind).dimension(200).seed(seed).build())) {
            return features(featurizer, examples);
        }
    }

    private static List<float[]> features(GradientFeaturizer featurizer, List<ScoringExample> examples) {
        float[][] out = new float[examples.size()][];
        featurizer.featurize(examples, (i, f, output, q) -> out[i] = f);
        return Arrays.asList(out);
    }

    /** The output's gradient for one example alone, by plain autograd on a trainable copy of the model. */
    private static float[] singleExampleGradient(ScoringExample example, OutputFunction output) {
        int n = example.tokens().length - 1;
        long[] inputs = new long[n];
        long[] targets = new long[n];
        float[] weights = new float[n];
        for (int t = 0; t < n; t++) {
            inputs[t] = example.tokens()[t];
            targets[t] = example.tokens()[t + 1];
            weights[t] = example.scored()[t + 1] ? 1f / example.scoredCount() : 0f;
        }
        try (GptModel model = GptModel.fromValues(CONFIG, values, manager, true);
             NDScope scope = new NDScope()) {
            NativeRuntime.withGradMode(true, () -> {
                NDArray logits = model.logits(manager.create(inputs, new Shape(1, n)));
                NDArray loss = GptModel.targetLogProbs(logits, manager.create(targets, new Shape(1, n)))
                        .mul(manager.create(weights, new Shape(1, n))).sum().neg();
                NDArray f = loss.mul(output.derivative(loss.getFloat())); // d f = f'(L) dL
                JniUtils.backward((PtNDArray) f, (PtNDArray) manager.ones(f.getShape()), false, false);
                return null;
            });
            int size = (int) CONFIG.parameters();
            float[] flat = new float[size];
            int offset = 0;
            for (NDArray p : model.parameters().values()) {
                float[] g = p.getGradient().toFloatArray();
                System.arraycopy(g, 0, flat, offset, g.length);
                offset += g.length;
            }
            return flat;
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0, what + ": the reference is all zero");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        assertTrue(worst <= TOLERANCE * scale, what + ": coordinate " + at + " differs by " + worst
                + " (largest coordinate " + scale + ")");
    }
}
