package org.smalltolarge.selector.methods;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Bag-of-n-gram features shared by the baseline selectors: lowercased word-punct tokens, their unigrams and the
 * bigrams of adjacent tokens, hashed into a fixed number of buckets.
 *
 * <p>The hash is FNV-1a 64 over the UTF-8 bytes of the n-gram (a bigram is its two tokens joined by one space, which
 * no token contains), reduced modulo the bucket count as an unsigned number. It depends on nothing the JVM seeds or
 * may change, so a bucket id means the same n-grams on every machine.
 */
public final class HashedNgrams {

    public static final int DEFAULT_BUCKETS = 10_000;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final byte BIGRAM_SEPARATOR = ' ';

    private final int buckets;

    public HashedNgrams() {
        this(DEFAULT_BUCKETS);
    }

    public HashedNgrams(int buckets) {
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets must be at least 1, got " + buckets);
        }
        this.buckets = buckets;
    }

    public int buckets() {
        return buckets;
    }

    /**
     * Sparse n-gram counts of one document: {@code buckets} ascending and distinct, {@code counts[t]} the number of
     * n-grams hashed into {@code buckets[t]} (always positive). The arrays are shared, not copied: treat them as
     * read-only.
     */
    public record Counts(int[] buckets, int[] counts) {
    }

    /** Counts of the unigrams and adjacent-token bigrams of {@code text}. */
    public Counts count(String text) {
        List<String> tokens = tokens(text);
        int[] ids = new int[Math.max(0, 2 * tokens.size() - 1)];
        for (int i = 0; i < tokens.size(); i++) {
            ids[2 * i] = bucket(tokens.get(i));
            if (i > 0) {
                ids[2 * i - 1] = bucket(tokens.get(i - 1), tokens.get(i));
            }
        }
        // Sorting then run-length encoding costs O(m log m) per document, independent of the bucket count.
        Arrays.sort(ids);
        int distinct = 0;
        int[] counts = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (i > 0 && ids[i] == ids[i - 1]) {
                counts[distinct - 1]++;
            } else {
                ids[distinct] = ids[i];
                counts[distinct++] = 1;
            }
        }
        return new Counts(Arrays.copyOf(ids, distinct), Arrays.copyOf(counts, distinct));
    }

    /** Bucket of the unigram {@code token}. */
    public int bucket(String token) {
        return reduce(fnv1a(FNV_OFFSET, token));
    }

    /** Bucket of the bigram {@code first second}. */
    public int bucket(String first, String second) {
        return reduce(fnv1a(step(fnv1a(FNV_OFFSET, first), BIGRAM_SEPARATOR), second));
    }

    /**
     * Word-punct tokens of {@code text} lowercased in the root locale (so a Turkish default locale does not change
     * the features): maximal runs of letters, digits and combining marks, and every other non-space code point as a
     * token of its own. Combining marks count as word characters so decomposed accents and the vowel signs of
     * scripts such as Devanagari stay inside their word instead of becoming one-character tokens.
     */
    public static List<String> tokens(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> tokens = new ArrayList<>();
        int wordStart = -1;
        for (int i = 0; i < lower.length(); ) {
            int codePoint = lower.codePointAt(i);
            int next = i + Character.charCount(codePoint);
            if (isWordPart(codePoint)) {
                if (wordStart < 0) {
                    wordStart = i;
                }
            } else {
                if (wordStart >= 0) {
                    tokens.add(lower.substring(wordStart, i));
                    wordStart = -1;
                }
                // isSpaceChar adds the no-break spaces that isWhitespace leaves out.
                if (!Character.isWhitespace(codePoint) && !Character.isSpaceChar(codePoint)) {
                    tokens.add(lower.substring(i, next));
                }
            }
            i = next;
        }
        if (wordStart >= 0) {
            tokens.add(lower.substring(wordStart));
        }
        return tokens;
    }

    private static boolean isWordPart(int codePoint) {
        int type = Character.getType(codePoint);
        return Character.isLetterOrDigit(codePoint) || type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    private int reduce(long hash) {
        return (int) Long.remainderUnsigned(hash, buckets);
    }

    private static long fnv1a(long hash, String token) {
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
            hash = step(hash, b);
        }
        return hash;
    }

    private static long step(long hash, byte b) {
        return (hash ^ (b & 0xff)) * FNV_PRIME;
    }
}
