package org.smalltolarge.lm;

import ai.djl.ndarray.NDArray;

/**
 * Sees every parameterised step of a {@link GptModel#logits(NDArray, ForwardTap)} forward pass and returns the
 * array the pass continues with: the output itself, or the output plus a zero "probe" whose gradient after a
 * backward pass is the gradient of the output, per example and per token. Per-example parameter gradients are
 * built from these inputs and output gradients (see {@code org.smalltolarge.lm.gradients}).
 */
public interface ForwardTap {

    /**
     * A linear step {@code output = input . weight^T + bias}; {@code site} names its parameters ({@code site +
     * ".weight"}, {@code site + ".bias"}), except {@link GptModel#HEAD_SITE}, the output head, whose weight is the
     * tied {@code tok_emb.weight} and which has no bias. Shapes: input (batch, time, in), output (batch, time, out).
     */
    NDArray linear(String site, NDArray input, NDArray output);

    /** The token embedding plus the position embedding, (batch, time, dModel), for int64 {@code tokens}. */
    NDArray embedding(NDArray tokens, NDArray sum);

    /**
     * A LayerNorm's affine step {@code output = normalized * weight + bias}; {@code site} is the parameter prefix
     * ("blocks.0.ln1", ..., "ln_f").
     */
    NDArray layerNorm(String site, NDArray normalized, NDArray output);
}
