package org.smalltolarge.selector.methods;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HashedNgramsTest {

    @Test
    void tokensAreLowercasedWordsAndSinglePunctuationMarks() {
        assertEquals(List.of("hello", ",", "world", "!", "it", "'", "s", "3", ".", "14", ".", ".", "."),
                HashedNgrams.tokens("Hello, World! It's 3.14..."));
        assertEquals(List.of(), HashedNgrams.tokens(" \t\n "));
    }

    @Test
    void tokensAreUnicodeAware() {
        assertEquals(List.of("straße", "über", "naïve"), HashedNgrams.tokens("Straße ÜBER naïve"));
        // decomposed accent, Devanagari vowel signs, and the combining dot that lowercasing İ produces stay in words
        assertEquals(List.of("nai\u0308ve"), HashedNgrams.tokens("nai\u0308ve"));
        assertEquals(List.of("नमस्ते", "दुनिया"), HashedNgrams.tokens("नमस्ते दुनिया"));
        assertEquals(List.of("i\u0307stanbul"), HashedNgrams.tokens("İstanbul"));
        // a supplementary code point is one token, not two surrogate halves; a no-break space separates
        assertEquals(List.of("a", "😀", "b", "c"), HashedNgrams.tokens("a😀b\u00A0c"));
    }

    @Test
    void bucketsArePinned() {
        // FNV-1a 64 of the UTF-8 bytes modulo 10,000, cross-checked with an independent Python implementation
        HashedNgrams features = new HashedNgrams();
        assertEquals(924, features.bucket("the"));
        assertEquals(631, features.bucket("cat"));
        assertEquals(8600, features.bucket("the", "cat"));
        assertEquals(408, features.bucket("straße"));
        assertEquals(3660, features.bucket("straße", ","));
    }

    @Test
    void countsUnigramsAndAdjacentBigrams() {
        // with 10 buckets: a -> 6, b -> 9, "a a" -> 7, "a b" -> 8, "b a" -> 6 (colliding with a)
        HashedNgrams features = new HashedNgrams(10);
        HashedNgrams.Counts aab = features.count("A a b");
        assertArrayEquals(new int[]{6, 7, 8, 9}, aab.buckets());
        assertArrayEquals(new int[]{2, 1, 1, 1}, aab.counts());
        HashedNgrams.Counts ba = features.count("b a");
        assertArrayEquals(new int[]{6, 9}, ba.buckets());
        assertArrayEquals(new int[]{2, 1}, ba.counts());
        HashedNgrams.Counts single = features.count("b");
        assertArrayEquals(new int[]{9}, single.buckets());
        assertArrayEquals(new int[]{1}, single.counts());
        assertArrayEquals(new int[0], features.count("").buckets());
    }

    @Test
    void bucketCountMustBePositive() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new HashedNgrams(0));
        assertEquals("buckets must be at least 1, got 0", error.getMessage());
    }
}
