package org.smalltolarge.lm.gradients;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import org.smalltolarge.lm.GptConfig;
import org.smalltolarge.lm.GptModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LoGra-style projection that never forms a gradient. Each weight matrix's per-example gradient is a sum over
 * tokens of output-gradient x input outer products, {@code G = sum_t g_t a_t^T}, so its projection
 * {@code P_out G P_in^T = sum_t (P_out g_t)(P_in a_t)^T} is computed from the two projected sides: cost per token
 * {@code out x s_out + in x s_in} instead of {@code out x in}. A bias is the matrix's extra input column (input
 * 1); the tied token embedding adds the head's products and, for each looked-up token, the embedding gradient
 * against that token's column of {@code P_out}; the position embedding uses the columns of the positions.
 * LayerNorm gains and biases (small) are taken directly, as sums over tokens.
 *
 * <p>Two stages. A Kronecker projection's error grows with the smaller side (a low-rank gradient projected to
 * {@code s_out x s_in} is estimated about as well as by {@code min(s_out, s_in)} dense dimensions), so splitting k
 * evenly over the blocks would leave each side tiny (about sqrt(k / blocks)). Instead each side is projected to
 * {@code s = factorSide} (default 64; a side no longer than s is kept as it is), and the concatenated
 * {@code s_out x s_in} blocks and LayerNorm sums are compressed to exactly {@code k} features by a
 * {@link SparseJlProjection} (CountSketch). Side entries are +-1/sqrt(s); every stage is unbiased, so projected
 * inner products estimate gradient inner products.
 */
public final class FactoredProjection implements AutoCloseable {

    /**
     * A weight matrix (with its bias as an extra column) projected to {@code outDim x inDim} intermediate values
     * starting at {@code offset}; a side kept as it is has dimension equal to its size.
     */
    public record Block(String site, int rows, int cols, boolean weight, boolean bias, int outDim, int inDim,
                        int offset) {
        public int size() {
            return outDim * inDim;
        }
    }

    private final GptConfig config;
    private final ParameterSubset subset;
    private final int side;
    private final List<Block> blocks;
    private final List<String> normParameters; // LayerNorm gains/biases in the subset, in model order
    private final int intermediate;            // blocks then LayerNorm sums
    private final Map<String, float[]> outFactors = new LinkedHashMap<>(); // (outDim x rows), row-major
    private final Map<String, float[]> inFactors = new LinkedHashMap<>();  // (inDim x cols), row-major
    private final SparseJlProjection compression;
    private final NDManager manager;
    private final Map<String, NDArray> outT = new LinkedHashMap<>(); // P_out^T (rows x outDim)
    private final Map<String, NDArray> inT = new LinkedHashMap<>();  // P_in^T (cols x inDim)

    public FactoredProjection(GptModel model, ParameterSubset subset, int k, int side, long seed) {
        if (k < 1 || side < 1) {
            throw new IllegalArgumentException("need k >= 1 and factor side >= 1, got k = " + k + ", side = " + side);
        }
        this.config = model.config();
        this.subset = subset;
        this.side = side;
        List<String> selected = subset.parameters(config);
        Map<String, Shape> shapes = GptModel.parameterShapes(config);
        List<Block> planned = new ArrayList<>();
        int offset = 0;
        for (String name : shapes.keySet()) {
            if (isNorm(name) || !name.endsWith(".weight")) {
                continue;
            }
            String site = name.substring(0, name.length() - ".weight".length());
            boolean weight = selected.contains(name);
            boolean bias = selected.contains(site + ".bias");
            if (!weight && !bias) {
                continue;
            }
            int rows = (int) shapes.get(name).get(0);
            int cols = (weight ? (int) shapes.get(name).get(1) : 0) + (bias ? 1 : 0);
            Block b = new Block(site, rows, cols, weight, bias, Math.min(rows, side), Math.min(cols, side), offset);
            planned.add(b);
            offset += b.size();
        }
        List<String> norms = new ArrayList<>();
        for (String name : selected) {
            if (isNorm(name)) {
                norms.add(name);
            }
        }
        this.blocks = List.copyOf(planned);
        this.normParameters = List.copyOf(norms);
        this.intermediate = offset + norms.size() * config.dModel();
        this.compression = new SparseJlProjection(intermediate, k, 1, SeededRandom.mix(seed ^ 0x6C6F677261L));

        this.manager = model.manager().newSubManager();
        for (Block b : blocks) {
            float[] out = factor(seed, "out:" + b.site(), b.outDim(), b.rows());
            float[] in = factor(seed, "in:" + b.site(), b.inDim(), b.cols());
            outFactors.put(b.site(), out);
            inFactors.put(b.site(), in);
            outT.put(b.site(), manager.create(transpose(out, b.outDim(), b.rows()), new Shape(b.rows(), b.outDim())));
            inT.put(b.site(), manager.create(transpose(in, b.inDim(), b.cols()), new Shape(b.cols(), b.inDim())));
        }
    }

    /** A side's (dim x size) factor: random signs scaled 1/sqrt(dim), or the identity when the side is kept. */
    private static float[] factor(long seed, String stream, int dim, int size) {
        if (dim == size) {
            float[] identity = new float[dim * size];
            for (int i = 0; i < dim; i++) {
                identity[i * size + i] = 1f;
            }
            return identity;
        }
        return SeededRandom.signMatrix(seed, stream, dim, size, 1 / Math.sqrt(dim));
    }

    private static boolean isNorm(String parameter) {
        return parameter.contains(".ln") || parameter.startsWith("ln");
    }

    /** Features of every example of {@code batch}: one array of {@link #dimension()} values per example. */
    float[][] features(GradientBatch batch) {
        NDList parts = new NDList();
        for (Block b : blocks) {
            parts.add(blockValues(batch, b).reshape(batch.size, b.size()));
        }
        for (String name : normParameters) {
            GradientBatch.NormSite site = batch.norms.get(name.substring(0, name.lastIndexOf('.')));
            NDArray g = site.outputGradient();
            parts.add(name.endsWith(".weight") ? g.mul(site.normalized()).sum(new int[]{1}) : g.sum(new int[]{1}));
        }
        float[] values = NDArrays.concat(parts, 1).toFloatArray();
        float[][] features = new float[batch.size][compression.dimension()];
        compression.accumulate(values, 0, intermediate, features);
        return features;
    }

    /** A block's {@code P_out G P_in^T} for every example: (batch, outDim, inDim). */
    private NDArray blockValues(GradientBatch batch, Block b) {
        NDArray out = outT.get(b.site());
        NDArray in = inT.get(b.site());
        switch (b.site()) {
            case "tok_emb" -> {
                GradientBatch.LinearSite head = batch.linear.get(GptModel.HEAD_SITE);
                NDArray fromHead = head.outputGradient().matMul(out).transpose(0, 2, 1).matMul(head.input().matMul(in));
                NDArray lookedUp = Embedding.embedding(batch.tokens, out, SparseFormat.DENSE).singletonOrThrow();
                return fromHead.add(lookedUp.transpose(0, 2, 1).matMul(batch.embeddingGradient.matMul(in)));
            }
            case "pos_emb" -> {
                NDArray positions = batch.time == config.context() ? out : out.get(":" + batch.time);
                return positions.transpose().matMul(batch.embeddingGradient.matMul(in)); // broadcast over batch
            }
            default -> {
                GradientBatch.LinearSite site = batch.linear.get(b.site());
                NDArray g = site.outputGradient().matMul(out); // (b, t, outDim)
                NDArray a;
                if (b.weight()) {
                    int inputs = b.cols() - (b.bias() ? 1 : 0);
                    a = site.input().matMul(b.bias() ? in.get(":" + inputs) : in);
                    if (b.bias()) {
                        a = a.add(in.get(inputs)); // the bias column: input 1 at every token
                    }
                } else {
                    a = manager.ones(new Shape(batch.size, batch.time, 1)).matMul(in);
                }
                return g.transpose(0, 2, 1).matMul(a);
            }
        }
    }

    /**
     * The same features computed the slow way, from an explicit gradient (the subset's parameters in model order,
     * as {@link PerExampleGradients#compute} returns it), with the same factors: {@code P_out [W | b] P_in^T} per
     * block and the LayerNorm coordinates, then the same compression. For checks.
     */
    public float[] projectExplicit(float[] gradient) {
        Map<String, Integer> offsets = new LinkedHashMap<>();
        int position = 0;
        for (String name : subset.parameters(config)) {
            offsets.put(name, position);
            position += (int) GptModel.parameterShapes(config).get(name).size();
        }
        if (gradient.length != position) {
            throw new IllegalArgumentException("gradient has " + gradient.length + " values, the subset " + position);
        }
        float[] values = new float[intermediate];
        for (Block b : blocks) {
            double[] matrix = new double[b.rows() * b.cols()]; // [W | bias]
            int inputs = b.cols() - (b.bias() ? 1 : 0);
            for (int r = 0; r < b.rows(); r++) {
                for (int c = 0; c < inputs; c++) {
                    matrix[r * b.cols() + c] = gradient[offsets.get(b.site() + ".weight") + r * inputs + c];
                }
                if (b.bias()) {
                    matrix[r * b.cols() + inputs] = gradient[offsets.get(b.site() + ".bias") + r];
                }
            }
            float[] out = outFactors.get(b.site());
            float[] in = inFactors.get(b.site());
            for (int i = 0; i < b.outDim(); i++) {
                double[] row = new double[b.cols()]; // (P_out G)[i, :]
                for (int r = 0; r < b.rows(); r++) {
                    double p = out[i * b.rows() + r];
                    for (int c = 0; c < b.cols(); c++) {
                        row[c] += p * matrix[r * b.cols() + c];
                    }
                }
                for (int j = 0; j < b.inDim(); j++) {
                    double sum = 0;
                    for (int c = 0; c < b.cols(); c++) {
                        sum += row[c] * in[j * b.cols() + c];
                    }
                    values[b.offset() + i * b.inDim() + j] = (float) sum;
                }
            }
        }
        int normOffset = intermediate - normParameters.size() * config.dModel();
        for (int n = 0; n < normParameters.size(); n++) {
            System.arraycopy(gradient, offsets.get(normParameters.get(n)), values, normOffset + n * config.dModel(),
                    config.dModel());
        }
        return compression.project(values);
    }

    private static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }

    /** Features per example: exactly k. */
    public int dimension() {
        return compression.dimension();
    }

    /** Values per example before the final compression (the blocks' {@code s_out x s_in}, then LayerNorm sums). */
    public int intermediateDimension() {
        return intermediate;
    }

    public int side() {
        return side;
    }

    public List<Block> blocks() {
        return blocks;
    }

    @Override
    public void close() {
        manager.close();
    }
}
