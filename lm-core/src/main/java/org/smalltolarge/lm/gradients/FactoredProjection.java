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
 * {@code out x k_out + in x k_in} instead of {@code out x in}. A bias is the matrix's extra input column (input
 * 1); the tied token embedding adds the head's products and, for each looked-up token, the embedding gradient
 * against that token's column of {@code P_out}; the position embedding uses the columns of the positions.
 * LayerNorm gains and biases (small) are taken directly, as sums over tokens, and projected together by one dense
 * Gaussian matrix, or kept as they are when the budget allows.
 *
 * <p>Dimension: each of the M matrix blocks gets {@code k_in = floor(sqrt(k / (M + 1)))} and {@code k_out =
 * floor((k / (M + 1)) / k_in)} (each capped at its side); the LayerNorm block gets what is left, at most its raw
 * size {@code 2 x dModel x (2 x layers + 1)}. The result is {@code k} exactly whenever the LayerNorms are in the
 * subset and large enough, otherwise a little less; {@link #dimension()} says which. Entries are Gaussian with
 * variance {@code 1 / k_side}, so projected inner products are unbiased estimates of gradient inner products.
 */
public final class FactoredProjection implements AutoCloseable {

    /** A weight matrix (with its bias as an extra column) projected to {@code outDim x inDim} features. */
    public record Block(String site, List<String> parameters, int rows, int cols, boolean weight, boolean bias,
                        int outDim, int inDim, int offset) {
        public int dimension() {
            return outDim * inDim;
        }
    }

    private final GptConfig config;
    private final ParameterSubset subset;
    private final long seed;
    private final List<Block> blocks;
    private final List<String> normParameters; // LayerNorm gains/biases in the subset, in model order
    private final int normRaw;
    private final int normDim;
    private final int normOffset;
    private final int dimension;
    private final Map<String, float[]> outFactors = new LinkedHashMap<>(); // (outDim x rows), row-major
    private final Map<String, float[]> inFactors = new LinkedHashMap<>();  // (inDim x cols), row-major
    private final float[] normFactor;                                       // (normDim x normRaw), or null
    private final NDManager manager;
    private final Map<String, NDArray> outT = new LinkedHashMap<>(); // P_out^T (rows x outDim)
    private final Map<String, NDArray> inT = new LinkedHashMap<>();  // P_in^T (cols x inDim)
    private final NDArray normT;                                     // (normRaw x normDim), or null

    public FactoredProjection(GptModel model, ParameterSubset subset, int k, long seed) {
        this.config = model.config();
        this.subset = subset;
        this.seed = seed;
        List<String> selected = subset.parameters(config);
        List<Block> planned = new ArrayList<>();
        List<String> norms = new ArrayList<>();
        for (String name : selected) {
            if (isNorm(name)) {
                norms.add(name);
            }
        }
        List<String[]> sites = matrixSites(selected);
        int shares = sites.size() + (norms.isEmpty() ? 0 : 1);
        int share = k / shares;
        if (share < 1) {
            throw new IllegalArgumentException("k = " + k + " is too small for " + shares
                    + " projected blocks (one dimension each at least)");
        }
        int offset = 0;
        for (String[] site : sites) {
            String name = site[0];
            boolean weight = selected.contains(site[1]);
            boolean bias = site[2] != null && selected.contains(site[2]);
            Shape shape = GptModel.parameterShapes(config).get(weight ? site[1] : site[2]);
            int rows = (int) shape.get(0);
            int cols = (weight ? (int) GptModel.parameterShapes(config).get(site[1]).get(1) : 0) + (bias ? 1 : 0);
            int inDim = Math.max(1, Math.min(cols, (int) Math.floor(Math.sqrt(share))));
            int outDim = Math.max(1, Math.min(rows, share / inDim));
            List<String> params = new ArrayList<>();
            if (weight) {
                params.add(site[1]);
            }
            if (bias) {
                params.add(site[2]);
            }
            planned.add(new Block(name, params, rows, cols, weight, bias, outDim, inDim, offset));
            offset += outDim * inDim;
        }
        this.blocks = List.copyOf(planned);
        this.normParameters = List.copyOf(norms);
        this.normRaw = norms.size() * config.dModel();
        this.normDim = norms.isEmpty() ? 0 : Math.min(normRaw, k - offset);
        this.normOffset = offset;
        this.dimension = offset + normDim;

        this.manager = model.manager().newSubManager();
        for (Block b : blocks) {
            float[] out = SeededRandom.gaussianMatrix(seed, "out:" + b.site(), b.outDim(), b.rows(),
                    1 / Math.sqrt(b.outDim()));
            float[] in = SeededRandom.gaussianMatrix(seed, "in:" + b.site(), b.inDim(), b.cols(),
                    1 / Math.sqrt(b.inDim()));
            outFactors.put(b.site(), out);
            inFactors.put(b.site(), in);
            outT.put(b.site(), manager.create(transpose(out, b.outDim(), b.rows()), new Shape(b.rows(), b.outDim())));
            inT.put(b.site(), manager.create(transpose(in, b.inDim(), b.cols()), new Shape(b.cols(), b.inDim())));
        }
        if (normDim > 0 && normDim < normRaw) {
            normFactor = SeededRandom.gaussianMatrix(seed, "norms", normDim, normRaw, 1 / Math.sqrt(normDim));
            normT = manager.create(transpose(normFactor, normDim, normRaw), new Shape(normRaw, normDim));
        } else {
            normFactor = null; // kept as they are
            normT = null;
        }
    }

    /** Matrix sites of the subset: {name, weight parameter, bias parameter or null}, in model order. */
    private List<String[]> matrixSites(List<String> selected) {
        List<String[]> sites = new ArrayList<>();
        for (String name : GptModel.parameterShapes(config).keySet()) {
            if (isNorm(name)) {
                continue;
            }
            if (name.endsWith(".weight")) {
                String site = name.substring(0, name.length() - ".weight".length());
                String bias = GptModel.parameterShapes(config).containsKey(site + ".bias") ? site + ".bias" : null;
                if (selected.contains(name) || (bias != null && selected.contains(bias))) {
                    sites.add(new String[]{site, name, bias});
                }
            }
        }
        return sites;
    }

    private static boolean isNorm(String parameter) {
        return parameter.contains(".ln") || parameter.startsWith("ln");
    }

    /** Features of every example of {@code batch}: (batch, {@link #dimension()}). */
    NDArray features(GradientBatch batch) {
        NDList parts = new NDList();
        for (Block b : blocks) {
            parts.add(blockFeatures(batch, b).reshape(batch.size, b.dimension()));
        }
        if (normDim > 0) {
            NDList raw = new NDList();
            for (String name : normParameters) {
                GradientBatch.NormSite site = batch.norms.get(name.substring(0, name.lastIndexOf('.')));
                NDArray g = site.outputGradient();
                raw.add(name.endsWith(".weight") ? g.mul(site.normalized()).sum(new int[]{1}) : g.sum(new int[]{1}));
            }
            NDArray all = NDArrays.concat(raw, 1);
            parts.add(normT == null ? all : all.matMul(normT));
        }
        return NDArrays.concat(parts, 1);
    }

    private NDArray blockFeatures(GradientBatch batch, Block b) {
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
     * block, the LayerNorm block's matrix times its coordinates. For checks.
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
        float[] features = new float[dimension];
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
                    features[b.offset() + i * b.inDim() + j] = (float) sum;
                }
            }
        }
        if (normDim > 0) {
            float[] raw = new float[normRaw];
            int d = config.dModel();
            for (int n = 0; n < normParameters.size(); n++) {
                System.arraycopy(gradient, offsets.get(normParameters.get(n)), raw, n * d, d);
            }
            for (int i = 0; i < normDim; i++) {
                if (normFactor == null) {
                    features[normOffset + i] = raw[i];
                    continue;
                }
                double sum = 0;
                for (int c = 0; c < normRaw; c++) {
                    sum += normFactor[i * normRaw + c] * (double) raw[c];
                }
                features[normOffset + i] = (float) sum;
            }
        }
        return features;
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

    public int dimension() {
        return dimension;
    }

    public List<Block> blocks() {
        return blocks;
    }

    /** Features given to the LayerNorm block (0 when the subset has no LayerNorm parameter). */
    public int normDimension() {
        return normDim;
    }

    public long seed() {
        return seed;
    }

    @Override
    public void close() {
        manager.close();
    }
}
