package org.smalltolarge.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Shape of a GPT-2 style decoder over the byte tokenizer; the output head shares the token embedding. */
public record ModelShape(
        @JsonProperty("d_model") int dModel,
        @JsonProperty("layers") int layers,
        @JsonProperty("heads") int heads,
        @JsonProperty("context") int context) {

    /** Fixed by the byte tokenizer: 256 byte values plus one end-of-document token. */
    public static final long VOCAB = 257;

    public ModelShape {
        if (dModel <= 0 || layers <= 0 || heads <= 0 || context <= 0 || dModel % heads != 0) {
            throw new IllegalArgumentException("invalid model shape: d_model " + dModel + ", layers " + layers
                    + ", heads " + heads + ", context " + context);
        }
    }

    public long vocab() {
        return VOCAB;
    }

    /**
     * Trainable parameters, counted exactly:
     * {@code vocab*d + context*d + layers*(12*d*d + 13*d) + 2*d}, where each block holds
     * attention qkv (3d*d + 3d) + output projection (d*d + d) + MLP up (4d*d + 4d) and down (4d*d + d)
     * + two LayerNorms (4d), and the final LayerNorm adds 2d. The tied output head adds nothing.
     *
     * @throws ArithmeticException if the count does not fit in a long
     */
    public long parameters() {
        long d = dModel;
        long embeddings = Math.addExact(Math.multiplyExact(VOCAB, d), Math.multiplyExact((long) context, d));
        long perBlock = Math.addExact(Math.multiplyExact(12L, Math.multiplyExact(d, d)), 13L * d);
        long blocks = Math.multiplyExact((long) layers, perBlock);
        return Math.addExact(Math.addExact(embeddings, blocks), 2L * d);
    }

    /** The same count in floating point, which cannot overflow; used to check limits before counting exactly. */
    static double approximateParameters(long dModel, long layers, long context) {
        double d = dModel;
        return VOCAB * d + context * d + layers * (12 * d * d + 13 * d) + 2 * d;
    }
}
