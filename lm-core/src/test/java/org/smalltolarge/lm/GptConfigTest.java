package org.smalltolarge.lm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GptConfigTest {

    @Test
    void parameterCountEqualsTheSumOfAllParameterShapes() {
        for (GptConfig c : new GptConfig[] {GptConfig.bytes(128, 64, 4, 4), GptConfig.bytes(128, 256, 6, 8),
                GptConfig.bytes(7, 12, 3, 3)}) {
            long sum = GptModel.parameterShapes(c).values().stream().mapToLong(s -> s.size()).sum();
            assertEquals(sum, c.parameters(), c.toString());
            assertEquals(6 * sum + 12L * c.layers() * c.context() * c.dModel(), c.trainingFlopsPerToken());
        }
    }

    @Test
    void invalidShapesAreRefusedNamingTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GptConfig.bytes(128, 65, 2, 4))
                .getMessage().contains("divisible"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GptConfig.bytes(0, 64, 2, 4))
                .getMessage().contains("context"));
    }

    @Test
    void learningRateWarmsUpLinearlyThenDecaysByCosineToTheMinimum() {
        Hyperparameters s = Hyperparameters.builder().learningRate(1e-3, 1e-4, 10).build();
        assertEquals(1e-4, s.learningRateAt(0, 110), 1e-12);
        assertEquals(1e-3, s.learningRateAt(9, 110), 1e-12);
        assertEquals(1e-3, s.learningRateAt(10, 110), 1e-12);
        assertEquals(5.5e-4, s.learningRateAt(60, 110), 1e-12);
        assertEquals(1e-4, s.learningRateAt(110, 110), 1e-12);
    }

    @Test
    void autoDeviceIsCpuWithoutGpuAndCudaFailsClearly() {
        assertEquals("cpu()", NativeRuntime.resolveDevice("auto").toString());
        assertTrue(assertThrows(IllegalStateException.class, () -> NativeRuntime.resolveDevice("cuda"))
                .getMessage().contains("no GPU"));
    }
}
