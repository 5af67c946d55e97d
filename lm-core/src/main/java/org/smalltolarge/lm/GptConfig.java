package org.smalltolarge.lm;

/**
 * Shape of a GPT-style decoder: byte vocabulary (plus end-of-document), context length, width, depth, heads.
 *
 * @param vocab   number of token ids (257 for bytes + end-of-document)
 * @param context maximum sequence length the position embedding covers
 * @param dModel  residual stream width; must be divisible by {@code heads}
 * @param layers  number of transformer blocks
 * @param heads   attention heads per block
 */
public record GptConfig(int vocab, int context, int dModel, int layers, int heads) {

    /** Byte tokens 0..255 plus the end-of-document id 256. */
    public static final int BYTE_VOCAB = 257;
    public static final int END_OF_DOCUMENT = 256;

    public GptConfig {
        requirePositive("vocab", vocab);
        requirePositive("context", context);
        requirePositive("dModel", dModel);
        requirePositive("layers", layers);
        requirePositive("heads", heads);
        if (dModel % heads != 0) {
            throw new IllegalArgumentException(
                    "dModel (" + dModel + ") must be divisible by heads (" + heads + ")");
        }
    }

    /** Byte-level model with the project's 257-token vocabulary. */
    public static GptConfig bytes(int context, int dModel, int layers, int heads) {
        return new GptConfig(BYTE_VOCAB, context, dModel, layers, heads);
    }

    public int headDim() {
        return dModel / heads;
    }

    /**
     * Every trainable number: token and position embeddings, per block two LayerNorms, the fused q/k/v
     * projection, the attention output projection and the 4x MLP (all with biases), and the final LayerNorm.
     * The output head is tied to the token embedding, so it adds nothing.
     */
    public long parameters() {
        long d = dModel;
        long perBlock = 12 * d * d + 13 * d;
        return (long) vocab * d + (long) context * d + layers * perBlock + 2 * d;
    }

    /**
     * Training FLOPs per token: 6 per parameter (forward + backward matmuls) plus the attention score and
     * value products, 12 x layers x context x dModel (the nanoGPT/PaLM convention). MFU figures in the
     * benchmark use the plain 6 x parameters, as the issue defines them.
     */
    public long trainingFlopsPerToken() {
        return 6 * parameters() + 12L * layers * context * dModel;
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }
}
