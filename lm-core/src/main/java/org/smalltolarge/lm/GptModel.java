package org.smalltolarge.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The whole decoder: token + learned position embeddings, pre-LayerNorm blocks (causal multi-head
 * self-attention, GELU MLP), a final LayerNorm, and an output head tied to the token embedding.
 *
 * <p>Parameters are plain named arrays (names as in {@code lm-core/README.md} and {@link SafetensorsIO}),
 * so the optimizer, checkpoints and the PyTorch reference all see the same list in the same order.
 * They live in the model's own manager; everything a forward pass creates belongs to the caller's
 * {@link ai.djl.ndarray.NDScope}.
 */
public final class GptModel implements AutoCloseable {

    private static final float INIT_STD = 0.02f;
    private static final float LAYER_NORM_EPS = 1e-5f;

    private final GptConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;
    private final NDArray causalMask; // (context, context): 0 on and below the diagonal, -inf above
    // 1/sqrt(headDim) as a scalar array the model holds. Not q.mul(double): DJL wraps the number in a Java direct
    // buffer and closes it at once, but autograd keeps that scalar for the backward pass, so a garbage collection
    // in between freed it and backward scaled the query gradients by whatever the memory then held.
    private final NDArray attentionScale;
    private final NDArray unitGain;  // LayerNorm without its affine step, for taps
    private final NDArray zeroShift;
    private final int queryBlock; // attention query rows per block (see blockedCausalAttention)

    /**
     * Attention query rows per block on a CPU: the best or tied-best of one block, 64, 32 and 16 rows for the benchmark
     * models at context 128, 1 and 2 threads, with autograd and without (BENCHMARKS.md, "Attention in query blocks").
     */
    public static final int QUERY_BLOCK = 64;

    /** The site name {@link ForwardTap#linear} sees for the output head (tied to {@code tok_emb.weight}). */
    public static final String HEAD_SITE = "head";

    private GptModel(GptConfig config, NDManager manager, Map<String, NDArray> parameters, int queryBlock) {
        this.config = config;
        this.queryBlock = queryBlock > 0 ? queryBlock
                : manager.getDevice().isGpu() ? Integer.MAX_VALUE // measured on CPUs only
                : QUERY_BLOCK;
        this.manager = manager;
        this.parameters = Collections.unmodifiableMap(parameters);
        this.causalMask = manager.create(causalMaskValues(config.context()),
                new Shape(config.context(), config.context()));
        this.attentionScale = manager.create(1.0 / Math.sqrt(config.headDim()));
        this.unitGain = manager.ones(new Shape(config.dModel()));
        this.zeroShift = manager.zeros(new Shape(config.dModel()));
    }

    /** Fresh weights from {@code seed}, drawn in Java so they do not depend on engine, device or threads. */
    public static GptModel initialize(GptConfig config, long seed, NDManager parent) {
        SplittableRandom random = new SplittableRandom(seed);
        float residualStd = (float) (INIT_STD / Math.sqrt(2.0 * config.layers()));
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> entry : parameterShapes(config).entrySet()) {
            String name = entry.getKey();
            int size = (int) entry.getValue().size();
            float[] v = new float[size];
            if (name.endsWith(".bias")) {
                // zeros
            } else if (name.contains("ln")) {
                Arrays.fill(v, 1f);
            } else {
                // GPT-2: the projections that write into the residual stream start smaller
                float std = name.endsWith("attn.proj.weight") || name.endsWith("mlp.proj.weight")
                        ? residualStd : INIT_STD;
                for (int i = 0; i < size; i++) {
                    v[i] = (float) (random.nextGaussian() * std);
                }
            }
            values.put(name, v);
        }
        return fromValues(config, values, parent);
    }

    /**
     * Builds a model from named values; every expected parameter must be present with its exact size.
     * The model owns a sub-manager of {@code parent} (same device), released by {@link #close()}.
     */
    public static GptModel fromValues(GptConfig config, Map<String, float[]> values, NDManager parent) {
        return fromValues(config, values, parent, true);
    }

    /**
     * As {@link #fromValues(GptConfig, Map, NDManager)}; with {@code trainable} false the parameters record no
     * gradients, so a backward pass computes only what leads to other leaves (e.g. a tap's probes) and leaves the
     * model untouched.
     */
    public static GptModel fromValues(GptConfig config, Map<String, float[]> values, NDManager parent,
                                      boolean trainable) {
        return fromValues(config, values, parent, trainable, 0);
    }

    /**
     * As above, with {@code queryBlock} query rows per attention block ({@link Integer#MAX_VALUE}: one block), or 0
     * for the default ({@link #QUERY_BLOCK} on a CPU, one block on a GPU); for tests and the benchmark that chose the
     * default ({@code AttentionBlockBenchmark}).
     */
    public static GptModel fromValues(GptConfig config, Map<String, float[]> values, NDManager parent, boolean trainable,
                               int queryBlock) {
        if (queryBlock < 0) {
            throw new IllegalArgumentException("queryBlock must be >= 0, got " + queryBlock);
        }
        for (String name : values.keySet()) {
            if (!parameterShapes(config).containsKey(name)) {
                throw new IllegalArgumentException("unexpected parameter '" + name + "' for " + config);
            }
        }
        NDManager manager = parent.newSubManager();
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> entry : parameterShapes(config).entrySet()) {
            float[] v = values.get(entry.getKey());
            if (v == null) {
                manager.close();
                throw new IllegalArgumentException("missing parameter '" + entry.getKey() + "'");
            }
            if (v.length != entry.getValue().size()) {
                manager.close();
                throw new IllegalArgumentException("parameter '" + entry.getKey() + "' has " + v.length
                        + " values, expected shape " + entry.getValue());
            }
            NDArray array = manager.create(v, entry.getValue());
            if (trainable) {
                array.setRequiresGradient(true);
            }
            params.put(entry.getKey(), array);
        }
        return new GptModel(config, manager, params, queryBlock);
    }

    /** Names and shapes of all parameters, in a fixed order (weights are (out, in) like torch.nn.Linear). */
    public static Map<String, Shape> parameterShapes(GptConfig c) {
        long d = c.dModel();
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put("tok_emb.weight", new Shape(c.vocab(), d));
        shapes.put("pos_emb.weight", new Shape(c.context(), d));
        for (int i = 0; i < c.layers(); i++) {
            String b = "blocks." + i + ".";
            shapes.put(b + "ln1.weight", new Shape(d));
            shapes.put(b + "ln1.bias", new Shape(d));
            shapes.put(b + "attn.qkv.weight", new Shape(3 * d, d));
            shapes.put(b + "attn.qkv.bias", new Shape(3 * d));
            shapes.put(b + "attn.proj.weight", new Shape(d, d));
            shapes.put(b + "attn.proj.bias", new Shape(d));
            shapes.put(b + "ln2.weight", new Shape(d));
            shapes.put(b + "ln2.bias", new Shape(d));
            shapes.put(b + "mlp.fc.weight", new Shape(4 * d, d));
            shapes.put(b + "mlp.fc.bias", new Shape(4 * d));
            shapes.put(b + "mlp.proj.weight", new Shape(d, 4 * d));
            shapes.put(b + "mlp.proj.bias", new Shape(d));
        }
        shapes.put("ln_f.weight", new Shape(d));
        shapes.put("ln_f.bias", new Shape(d));
        return shapes;
    }

    /** Next-token logits (batch, time, vocab) for int64 token ids (batch, time), time <= context. */
    public NDArray logits(NDArray tokens) {
        return logits(tokens, null);
    }

    /**
     * {@link #logits(NDArray)} with every parameterised step shown to {@code tap} (null: none), which may replace
     * the step's output. With a tap, LayerNorm runs as normalisation followed by a separate affine step, so the tap
     * sees the normalised input; the logits then differ from the untapped ones by float rounding only.
     */
    public NDArray logits(NDArray tokens, ForwardTap tap) {
        long time = tokens.getShape().get(1);
        if (time > config.context()) {
            throw new IllegalArgumentException("sequence length " + time + " exceeds context " + config.context());
        }
        NDArray positions = time == config.context() ? p("pos_emb.weight") : p("pos_emb.weight").get(":" + time);
        NDArray x = Embedding.embedding(tokens, p("tok_emb.weight"), SparseFormat.DENSE).singletonOrThrow().add(positions);
        if (tap != null) {
            x = tap.embedding(tokens, x);
        }
        NDArray mask = time == config.context() ? causalMask : causalMask.get(":" + time + ", :" + time);
        for (int i = 0; i < config.layers(); i++) {
            String b = "blocks." + i + ".";
            x = x.add(attention(layerNorm(x, b + "ln1", tap), b + "attn.", mask, tap));
            x = x.add(mlp(layerNorm(x, b + "ln2", tap), b + "mlp.", tap));
        }
        NDArray h = layerNorm(x, "ln_f", tap);
        NDArray logits = linear(h, p("tok_emb.weight"), null); // tied output head
        return tap == null ? logits : tap.linear(HEAD_SITE, h, logits);
    }

    /** log p(target | prefix) for each position: (batch, time) from logits (batch, time, vocab). */
    public static NDArray targetLogProbs(NDArray logits, NDArray targets) {
        return logits.logSoftmax(-1).gather(targets.expandDims(-1), -1).squeeze(-1);
    }

    private NDArray attention(NDArray x, String prefix, NDArray mask, ForwardTap tap) {
        Shape s = x.getShape();
        long batch = s.get(0);
        long time = s.get(1);
        int heads = config.heads();
        int headDim = config.headDim();
        NDList qkv = linear(x, prefix + "qkv", tap).split(3, 2);
        NDArray q = splitHeads(qkv.get(0), batch, time).mul(attentionScale);
        NDArray k = splitHeads(qkv.get(1), batch, time);
        NDArray v = splitHeads(qkv.get(2), batch, time);
        NDArray mixed = time <= queryBlock ? causalAttention(q, k, v, mask)
                : blockedCausalAttention(q, k, v, mask, time);
        NDArray merged = mixed.transpose(0, 2, 1, 3).reshape(batch, time, (long) heads * headDim);
        return linear(merged, prefix + "proj", tap);
    }

    /**
     * softmax(q k^T + mask) v for (batch, heads, time, headDim) inputs. Each (batch, heads, rows, keys) array is
     * released as soon as the next one exists (autograd keeps what backward needs), so the next one reuses memory
     * still in cache instead of fresh pages.
     */
    private static NDArray causalAttention(NDArray q, NDArray k, NDArray v, NDArray mask) {
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
        NDArray masked = released(scores, scores.add(mask));
        NDArray weights = released(masked, masked.softmax(-1));
        return released(weights, weights.matMul(v));
    }

    /** Closes {@code used} (an intermediate nothing else refers to) and returns {@code result}, computed from it. */
    private static NDArray released(NDArray used, NDArray result) {
        used.close();
        return result;
    }

    /**
     * {@link #causalAttention} over blocks of {@link #queryBlock} query rows. A block's queries see only the keys up to
     * its last row, so most of the masked upper triangle is never computed (a quarter of the score work at two
     * blocks, three eighths at four), and each block's arrays are small enough to stay in cache: element-wise
     * kernels over an 8 MB score array ran 3-6x slower per element than over 2 MB ones (BENCHMARKS.md). The columns
     * a block leaves out hold exp(-inf) = 0 in the one-block form, so results agree to float rounding.
     */
    private NDArray blockedCausalAttention(NDArray q, NDArray k, NDArray v, NDArray mask, long time) {
        NDList blocks = new NDList();
        for (long start = 0; start < time; start += queryBlock) {
            long end = Math.min(time, start + queryBlock);
            NDArray qBlock = q.get(new NDIndex(":, :, {}:{}", start, end));
            NDArray kSeen = k.get(new NDIndex(":, :, :{}", end));
            NDArray vSeen = v.get(new NDIndex(":, :, :{}", end));
            blocks.add(causalAttention(qBlock, kSeen, vSeen, mask.get(new NDIndex("{}:{}, :{}", start, end, end))));
        }
        return NDArrays.concat(blocks, 2);
    }

    private NDArray splitHeads(NDArray x, long batch, long time) {
        return x.reshape(batch, time, config.heads(), config.headDim()).transpose(0, 2, 1, 3);
    }

    private NDArray mlp(NDArray x, String prefix, ForwardTap tap) {
        NDArray hidden = Activation.gelu(linear(x, prefix + "fc", tap));
        return linear(hidden, prefix + "proj", tap);
    }

    /** The linear step whose weight and bias are {@code site + ".weight"} and {@code site + ".bias"}. */
    private NDArray linear(NDArray x, String site, ForwardTap tap) {
        NDArray y = linear(x, p(site + ".weight"), p(site + ".bias"));
        return tap == null ? y : tap.linear(site, x, y);
    }

    private NDArray layerNorm(NDArray x, String prefix, ForwardTap tap) {
        Shape shape = new Shape(config.dModel());
        if (tap == null) {
            return LayerNorm.layerNorm(x, shape, p(prefix + ".weight"), p(prefix + ".bias"), LAYER_NORM_EPS)
                    .singletonOrThrow();
        }
        NDArray normalized = LayerNorm.layerNorm(x, shape, unitGain, zeroShift, LAYER_NORM_EPS).singletonOrThrow();
        NDArray y = normalized.mul(p(prefix + ".weight")).add(p(prefix + ".bias"));
        return tap.layerNorm(prefix, normalized, y);
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return Linear.linear(x, weight, bias).singletonOrThrow();
    }

    private NDArray p(String name) {
        return parameters.get(name);
    }

    private static float[] causalMaskValues(int context) {
        float[] mask = new float[context * context];
        for (int row = 0; row < context; row++) {
            for (int col = row + 1; col < context; col++) {
                mask[row * context + col] = Float.NEGATIVE_INFINITY;
            }
        }
        return mask;
    }

    public GptConfig config() {
        return config;
    }

    public NDManager manager() {
        return manager;
    }

    /** All parameters by name, in {@link #parameterShapes} order. */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** A copy of every parameter's values, by name, in {@link #parameterShapes} order. */
    public Map<String, float[]> parameterValues() {
        Map<String, float[]> values = new LinkedHashMap<>();
        parameters.forEach((name, array) -> values.put(name, array.toFloatArray()));
        return values;
    }

    public List<String> parameterNames() {
        return new ArrayList<>(parameters.keySet());
    }

    @Override
    public void close() {
        manager.close();
    }
}
