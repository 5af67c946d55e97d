package org.smalltolarge.spec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModelShapeTest {

    @Test
    void parameterCountMatchesAHandCountOfEveryTensor() {
        // d_model 64, 2 layers, 2 heads, context 128, counted tensor by tensor:
        long tokenEmbedding = 257 * 64;                  // 16,448 (shared with the output head)
        long positionEmbedding = 128 * 64;               // 8,192
        long attentionQkv = 64 * 192 + 192;              // 12,480
        long attentionProjection = 64 * 64 + 64;         // 4,160
        long mlpUp = 64 * 256 + 256;                     // 16,640
        long mlpDown = 256 * 64 + 64;                    // 16,448
        long twoLayerNorms = 2 * (64 + 64);              // 256
        long block = attentionQkv + attentionProjection + mlpUp + mlpDown + twoLayerNorms; // 49,984
        long finalLayerNorm = 64 + 64;
        long expected = tokenEmbedding + positionEmbedding + 2 * block + finalLayerNorm;

        assertEquals(124_736, expected);
        assertEquals(expected, new ModelShape(64, 2, 2, 128).parameters());
    }

    @Test
    void paperReferenceShapeOnBytes() {
        // d_model 1536, 24 layers, context 2048: the paper's 760M model has ~684M without its 50k-token vocabulary.
        assertEquals(683_500_032L, new ModelShape(1536, 24, 12, 2048).parameters());
    }

    @Test
    void countThatCannotFitInALongThrowsInsteadOfWrapping() {
        assertThrows(ArithmeticException.class, () -> new ModelShape(1_000_000_000, 1, 1, 1).parameters());
    }

    @Test
    void shapeRejectsHeadsThatDoNotDivideTheWidth() {
        assertThrows(IllegalArgumentException.class, () -> new ModelShape(256, 4, 3, 128));
    }

    @Test
    void scientificNotationShowsEnoughDigitsToTellValueFromLimit() {
        assertEquals("1.3e12", Scientific.format(1.3e12, 2));
        assertEquals("2.0e9", Scientific.format(2e9, 2));
        assertEquals(java.util.List.of("2.1e9", "2.0e9"), java.util.List.of(Scientific.pair(2.1e9, 2e9)));
        assertEquals(java.util.List.of("2.001e9", "2.000e9"), java.util.List.of(Scientific.pair(2.0005e9, 2e9)));
        assertEquals(java.util.List.of("2000000001", "2000000000"),
                java.util.List.of(Scientific.pair(2_000_000_001d, 2e9)));
    }
}
