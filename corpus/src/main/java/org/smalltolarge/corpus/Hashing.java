package org.smalltolarge.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.smalltolarge.objectstore.Sha256;

/** Stable hashes used for splits, sampling orders, caps and content hashes. */
public final class Hashing {
    private Hashing() {
    }

    /** First 8 bytes of SHA-256 of the UTF-8 text: stable across JVMs and platforms. */
    public static long hash64(String text) {
        byte[] d = sha256(text.getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (d[i] & 0xFF);
        }
        return v;
    }

    public static byte[] sha256(byte[] bytes) {
        return digest().digest(bytes);
    }

    public static String sha256Hex(byte[] bytes) {
        return Sha256.hex(bytes);
    }

    public static String sha256Hex(Path file) throws IOException {
        return Sha256.hex(file);
    }

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
