package org.smalltolarge.corpus;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ByteTokenizerTest {
    @Test
    void encodesUtf8BytesAndDecodesBack() {
        String text = "Café – naïve ✓ 42";
        int[] tokens = ByteTokenizer.encode(text);
        assertEquals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, tokens.length);
        assertArrayEquals(new int[] {67, 97, 102, 0xC3, 0xA9}, java.util.Arrays.copyOf(tokens, 5));
        assertEquals(text, ByteTokenizer.decode(tokens));
    }

    @Test
    void endOfDocumentIsTheLastVocabularyEntry() {
        assertEquals(257, ByteTokenizer.VOCAB_SIZE);
        assertEquals(256, ByteTokenizer.EOD);
        assertEquals("a\nb", ByteTokenizer.decode(new int[] {'a', ByteTokenizer.EOD, 'b'}));
        assertThrows(IllegalArgumentException.class, () -> ByteTokenizer.decode(new int[] {257}));
    }
}
