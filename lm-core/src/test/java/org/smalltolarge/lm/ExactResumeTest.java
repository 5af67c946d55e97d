package org.smalltolarge.lm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExactResumeTest {

    private static final GptConfig CONFIG = GptConfig.bytes(32, 32, 2, 2);
    private static final TrainingSettings SETTINGS = TrainingSettings.defaults().withThreads(2).withDevice("cpu")
            .withBatchSize(8).withLearningRate(3e-3, 3e-4, 5).withSeed(42).withCheckpointEvery(10);
    private static final long BUDGET = 40L * 8 * 32; // 40 steps

    @Test
    void interruptedAndResumedRunEndsBitIdenticalToUninterruptedRun(@TempDir Path dir) throws Exception {
        TrainingWindows data = TextFixtures.trainingWindows(CONFIG.context(), 5);

        Map<String, float[]> uninterrupted;
        Map<String, float[]> uninterruptedMoments;
        try (Trainer trainer = Trainer.start(CONFIG, SETTINGS, BUDGET, Map.of())) {
            trainer.train(data, ProgressListener.NONE, null, () -> false);
            uninterrupted = trainer.model().parameterValues();
            uninterruptedMoments = Checkpoints.load(trainer.checkpoint(dir.resolve("reference"))).optimizer();
        }

        // cancel after 17 steps: the cancellation checkpoint (step 17) is what we resume from
        Path runDir = dir.resolve("run");
        AtomicInteger steps = new AtomicInteger();
        try (Trainer trainer = Trainer.start(CONFIG, SETTINGS, BUDGET, Map.of())) {
            TrainingState stopped = trainer.train(data, p -> steps.incrementAndGet(), runDir, () -> steps.get() >= 17);
            assertEquals(17, stopped.step());
        }
        assertTrue(Checkpoints.latest(runDir).orElseThrow().endsWith("step-000000017"));
        assertTrue(runDir.resolve("step-000000010").toFile().isDirectory(), "periodic checkpoint at step 10");

        try (Trainer resumed = Trainer.resume(Checkpoints.latest(runDir).orElseThrow())) {
            assertEquals(17, resumed.state().step());
            assertEquals(17 * 8, resumed.state().windowsConsumed());
            TrainingState end = resumed.train(data, ProgressListener.NONE, runDir, () -> false);
            assertEquals(40, end.step());
            Map<String, float[]> after = resumed.model().parameterValues();
            for (String name : uninterrupted.keySet()) {
                assertBitIdentical(uninterrupted.get(name), after.get(name), name);
            }
            Map<String, float[]> moments = Checkpoints.load(Checkpoints.latest(runDir).orElseThrow()).optimizer();
            for (String name : uninterruptedMoments.keySet()) {
                assertBitIdentical(uninterruptedMoments.get(name), moments.get(name), name);
            }
        }
        // and the training did change the weights, so the comparison above is not trivially true
        try (Trainer fresh = Trainer.start(CONFIG, SETTINGS, BUDGET, Map.of())) {
            assertFalse(java.util.Arrays.equals(fresh.model().parameterValues().get("tok_emb.weight"),
                    uninterrupted.get("tok_emb.weight")));
        }
    }

    private static void assertBitIdentical(float[] expected, float[] actual, String name) {
        int[] e = new int[expected.length];
        int[] a = new int[actual.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = Float.floatToRawIntBits(expected[i]);
        }
        for (int i = 0; i < a.length; i++) {
            a[i] = Float.floatToRawIntBits(actual[i]);
        }
        assertArrayEquals(e, a, name + " differs");
    }
}
