package org.smalltolarge.lm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/** The two real-text fixtures (see src/test/resources/text/README.md), split 90/10 into train and validation. */
final class TextFixtures {

    static final List<String> DOMAINS = List.of("moby-dick.txt", "state-of-the-union.txt");

    private TextFixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = TextFixtures.class.getResourceAsStream("/text/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /text/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] train(String name) {
        byte[] all = bytes(name);
        return Arrays.copyOfRange(all, 0, all.length * 9 / 10);
    }

    static byte[] validation(String name) {
        byte[] all = bytes(name);
        return Arrays.copyOfRange(all, all.length * 9 / 10, all.length);
    }

    static ByteTextWindows trainingWindows(int context, long seed) {
        return new ByteTextWindows(DOMAINS.stream().map(TextFixtures::train).toList(), context, 1_000_000, seed);
    }

    static ByteTextWindows validationWindows(String domain, int context) {
        return new ByteTextWindows(List.of(validation(domain)), context, 64, 99);
    }

    /** A small model that trains in seconds on 2 cores. */
    static GptConfig tinyConfig() {
        return GptConfig.bytes(64, 64, 2, 4);
    }
}
