package org.smalltolarge.lm.gradients;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.smalltolarge.lm.GptConfig;
import org.smalltolarge.lm.GptModel;
import org.smalltolarge.lm.ScoringExample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Exact per-example gradients of an {@link OutputFunction}, built parameter by parameter from one batched forward
 * and backward pass ({@link GradientBatch}): a linear weight's gradient is the sum over tokens of output-gradient
 * times input outer products, its bias the sum of output gradients, a LayerNorm gain the sum of output gradient
 * times normalised input; the tied token embedding adds the head's products to the rows its tokens looked up, and
 * the position embedding's rows are the embedding gradients.
 *
 * <p>Only one parameter's per-example block (batch x its size) exists at a time, so a projection that consumes
 * the stream ({@link SparseJlProjection}) never holds batch x all-parameter floats.
 */
public final class PerExampleGradients {

    /** Receives one parameter's gradients for every example of a batch. */
    @FunctionalInterface
    public interface Consumer {
        /** @param perExample (batch, parameter size) in row-major order; valid only during the call */
        void accept(String parameter, int offset, NDArray perExample);
    }

    private PerExampleGradients() {
    }

    /**
     * Streams the per-example gradients of the parameters in {@code subset}, in model order; {@code offset} is the
     * parameter's first coordinate in the subset's flat vector.
     */
    static void stream(GradientBatch batch, GptConfig config, ParameterSubset subset, Consumer consumer) {
        Map<String, Shape> shapes = GptModel.parameterShapes(config);
        int offset = 0;
        for (String name : subset.parameters(config)) {
            try (NDScope scope = new NDScope()) {
                NDArray g = gradient(batch, config, name);
                consumer.accept(name, offset, g.reshape(batch.size, shapes.get(name).size()));
            }
            offset += (int) shapes.get(name).size();
        }
    }

    /**
     * Whole per-example gradient vectors (the subset's parameters in model order) for {@code examples}, each
     * holding subset-size floats: for checks and small models; a projection should use the stream instead.
     */
    public static List<float[]> compute(GptModel model, List<ScoringExample> examples, ParameterSubset subset,
                                        OutputFunction output) {
        GptConfig config = model.config();
        int size = Math.toIntExact(subset.size(config));
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            out.add(new float[size]);
        }
        List<ScoringExample> fitted = GradientFeaturizer.fitted(examples, config, 0);
        try (NDScope scope = new NDScope()) {
            GradientBatch batch = GradientBatch.capture(model, fitted, output);
            stream(batch, config, subset, (name, offset, perExample) -> {
                float[] values = perExample.toFloatArray();
                int n = (int) perExample.getShape().get(1);
                for (int b = 0; b < examples.size(); b++) {
                    System.arraycopy(values, b * n, out.get(b), offset, n);
                }
            });
        }
        return out;
    }

    /** One parameter's gradient for every example: (batch, parameter shape...). */
    private static NDArray gradient(GradientBatch batch, GptConfig config, String name) {
        if (name.equals("tok_emb.weight")) {
            GradientBatch.LinearSite head = batch.linear.get(GptModel.HEAD_SITE);
            NDArray fromHead = head.outputGradient().transpose(0, 2, 1).matMul(head.input()); // (b, vocab, d)
            NDArray lookedUp = batch.tokens.oneHot(config.vocab()).toType(DataType.FLOAT32, false); // (b, t, vocab)
            return fromHead.add(lookedUp.transpose(0, 2, 1).matMul(batch.embeddingGradient));
        }
        if (name.equals("pos_emb.weight")) {
            NDArray g = batch.embeddingGradient; // positions beyond the batch's length get nothing
            if (batch.time == config.context()) {
                return g;
            }
            NDArray rest = g.getManager().zeros(new Shape(batch.size, config.context() - batch.time, config.dModel()));
            return NDArrays.concat(new ai.djl.ndarray.NDList(g, rest), 1);
        }
        String site = name.substring(0, name.lastIndexOf('.'));
        boolean weight = name.endsWith(".weight");
        GradientBatch.NormSite norm = batch.norms.get(site);
        if (norm != null) {
            NDArray g = norm.outputGradient();
            return weight ? g.mul(norm.normalized()).sum(new int[]{1}) : g.sum(new int[]{1});
        }
        GradientBatch.LinearSite linear = batch.linear.get(site);
        if (linear == null) {
            throw new IllegalStateException("no forward step recorded for parameter " + name);
        }
        return weight
                ? linear.outputGradient().transpose(0, 2, 1).matMul(linear.input()) // (b, out, in)
                : linear.outputGradient().sum(new int[]{1});
    }
}
