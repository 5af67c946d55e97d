package org.smalltolarge.corpus;

import java.nio.charset.StandardCharsets;

/** The default tokenizer: one token per UTF-8 byte (0-255) plus an end-of-document token. */
public final class ByteTokenizer {
    public static final int VOCAB_SIZE = 257;
    public static final int EOD = 256;

    private ByteTokenizer() {
    }

    public static int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] tokens = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            tokens[i] = bytes[i] & 0xFF;
        }
        return tokens;
    }

    /** Decodes byte tokens; EOD becomes a newline so a window spanning documents stays readable. */
    public static String decode(int[] tokens) {
        byte[] bytes = new byte[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            int t = tokens[i];
            if (t < 0 || t > EOD) {
                throw new IllegalArgumentException("token " + t + " at position " + i + " is outside 0.." + EOD);
            }
            bytes[i] = t == EOD ? (byte) '\n' : (byte) t;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
