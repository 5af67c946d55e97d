package org.smalltolarge.lm.gradients;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.smalltolarge.lm.ForwardTap;
import org.smalltolarge.lm.GptModel;
import org.smalltolarge.lm.NativeRuntime;
import org.smalltolarge.lm.ScoringExample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One forward and one backward pass over a batch, kept as what per-example gradients are made of: for each
 * parameterised step its input and the gradient of the examples' outputs with respect to its output, per example
 * and per token. Examples never interact in the model (attention is within a sequence, LayerNorm per token), so
 * the backward pass of the sum of the examples' outputs gives each example's own output gradients.
 *
 * <p>Every array belongs to the caller's {@link ai.djl.ndarray.NDScope}; a batch is right-padded to its longest
 * example, and padded positions get zero output gradients (causal attention sends them nothing).
 */
final class GradientBatch {

    /** A linear step: input (batch, time, in) and output gradient (batch, time, out). */
    record LinearSite(NDArray input, NDArray outputGradient) {
    }

    /** A LayerNorm: normalised input and output gradient, both (batch, time, dModel). */
    record NormSite(NDArray normalized, NDArray outputGradient) {
    }

    final int size;
    final int time;
    final NDArray tokens;                 // (batch, time) int64
    final NDArray embeddingGradient;      // (batch, time, dModel): gradient at token + position embedding
    final Map<String, LinearSite> linear; // by site, GptModel.HEAD_SITE included
    final Map<String, NormSite> norms;    // by parameter prefix
    final double[] meanLosses;

    private GradientBatch(int size, int time, NDArray tokens, NDArray embeddingGradient,
                          Map<String, LinearSite> linear, Map<String, NormSite> norms, double[] meanLosses) {
        this.size = size;
        this.time = time;
        this.tokens = tokens;
        this.embeddingGradient = embeddingGradient;
        this.linear = linear;
        this.norms = norms;
        this.meanLosses = meanLosses;
    }

    /**
     * Runs the passes for {@code examples} (already fitted to the model's context, each with a scored token).
     * The model's parameters should not record gradients (see {@link GptModel#fromValues(
     * org.smalltolarge.lm.GptConfig, Map, NDManager, boolean)}); if they do, they accumulate this batch's sum.
     */
    static GradientBatch capture(GptModel model, List<ScoringExample> examples, OutputFunction output) {
        int rows = examples.size();
        int time = examples.stream().mapToInt(e -> e.tokens().length - 1).max().orElseThrow();
        long[] inputs = new long[rows * time];
        long[] targets = new long[rows * time];
        float[] weights = new float[rows * time]; // 1 / scored count at scored positions: the mean over them
        for (int r = 0; r < rows; r++) {
            ScoringExample e = examples.get(r);
            int n = e.scoredCount();
            for (int t = 0; t < e.tokens().length - 1; t++) {
                inputs[r * time + t] = e.tokens()[t];
                targets[r * time + t] = e.tokens()[t + 1];
                weights[r * time + t] = e.scored()[t + 1] ? 1f / n : 0f;
            }
        }
        NDManager manager = model.manager();
        NDArray x = manager.create(inputs, new Shape(rows, time));
        NDArray y = manager.create(targets, new Shape(rows, time));
        NDArray w = manager.create(weights, new Shape(rows, time));
        ProbeTap tap = new ProbeTap(manager);
        double[] meanLosses = new double[rows];
        NativeRuntime.withGradMode(true, () -> {
            NDArray logits = model.logits(x, tap);
            NDArray losses = GptModel.targetLogProbs(logits, y).mul(w).sum(new int[]{1}).neg(); // (batch)
            float[] values = losses.toFloatArray();
            float[] derivatives = new float[rows];
            for (int r = 0; r < rows; r++) {
                meanLosses[r] = values[r];
                derivatives[r] = (float) output.derivative(values[r]);
            }
            // backward of sum_r f'(L_r) L_r: each example's probes receive the gradient of its own output
            JniUtils.backward((PtNDArray) losses, (PtNDArray) manager.create(derivatives), false, false);
            return null;
        });
        Map<String, LinearSite> linear = new LinkedHashMap<>();
        tap.linearInputs.forEach((site, input) ->
                linear.put(site, new LinearSite(input, tap.probes.get(site).getGradient())));
        Map<String, NormSite> norms = new LinkedHashMap<>();
        tap.normalized.forEach((site, normalized) ->
                norms.put(site, new NormSite(normalized, tap.probes.get(site).getGradient())));
        return new GradientBatch(rows, time, x, tap.probes.get(EMBEDDING).getGradient(), linear, norms, meanLosses);
    }

    private static final String EMBEDDING = "embedding";

    /** Adds a zero leaf that records gradients to each step's output and keeps the step's input. */
    private static final class ProbeTap implements ForwardTap {
        private final NDManager manager;
        final Map<String, NDArray> probes = new LinkedHashMap<>();
        final Map<String, NDArray> linearInputs = new LinkedHashMap<>();
        final Map<String, NDArray> normalized = new LinkedHashMap<>();

        ProbeTap(NDManager manager) {
            this.manager = manager;
        }

        @Override
        public NDArray linear(String site, NDArray input, NDArray output) {
            linearInputs.put(site, input.stopGradient());
            return probe(site, output);
        }

        @Override
        public NDArray embedding(NDArray tokens, NDArray sum) {
            return probe(EMBEDDING, sum);
        }

        @Override
        public NDArray layerNorm(String site, NDArray normalizedInput, NDArray output) {
            normalized.put(site, normalizedInput.stopGradient());
            return probe(site, output);
        }

        private NDArray probe(String site, NDArray output) {
            NDArray zero = manager.zeros(output.getShape(), DataType.FLOAT32);
            zero.setRequiresGradient(true);
            probes.put(site, zero);
            return output.add(zero);
        }
    }
}
