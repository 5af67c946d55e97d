package org.smalltolarge.trainer.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.smalltolarge.contracts.events.TrainingRequested;
import org.smalltolarge.lm.GptConfig;
import org.smalltolarge.lm.Hyperparameters;
import org.smalltolarge.spec.Distribution;
import org.smalltolarge.spec.ModelShape;
import org.smalltolarge.spec.Scale;
import org.smalltolarge.spec.TrainingSettings;

/** What a worker derives from a training request alone: the model shape and the run's hyperparameters. */
class RunSettingsTest {
    private static TrainingRequested request(long tokens, double warmupFraction) {
        return new TrainingRequested("s-r1", "s", "demo", Distribution.ofMixture("prose", Map.of("fiction", 1.0)),
                new Scale("xs", new ModelShape(64, 2, 4, 128), tokens), 7, "proxy",
                new TrainingSettings(16, 0.002, warmupFraction, 0.05, 0.5), Instant.parse("2026-12-02T00:00:00Z"));
    }

    @Test
    void hyperparametersFollowTheRequest() {
        // 16 windows of 128 tokens a step: 100,000 tokens take ceil(100000 / 2048) = 49 steps
        Hyperparameters h = RunExecutor.settingsOf(request(100_000, 0.1));
        assertEquals(16, h.batchSize());
        assertEquals(0.002, h.learningRate());
        assertEquals(0.0002, h.minLearningRate(), 1e-18, "the cosine decays to a tenth of the peak");
        assertEquals(5, h.warmupSteps(), "10% of 49 steps, rounded");
        assertEquals(0.5, h.clipNorm());
        assertEquals(0.05, h.weightDecay());
        assertEquals(7, h.seed(), "the run's seed initialises the model");
    }

    @Test
    void aBudgetBelowOneStepStillTrainsOneStepWithoutWarmUp() {
        Hyperparameters h = RunExecutor.settingsOf(request(100, 0.05));
        assertEquals(0, h.warmupSteps());
    }

    @Test
    void theModelShapeIsTheScales() {
        GptConfig c = RunExecutor.modelOf(request(1, 0));
        assertEquals(GptConfig.bytes(128, 64, 2, 4), c);
    }
}
