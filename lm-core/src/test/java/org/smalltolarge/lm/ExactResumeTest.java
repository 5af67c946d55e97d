package org.smalltolarge.lm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("slow") // trains a model
class ExactResumeTest {

    private static final GptConfig CONFIG = GptConfig.bytes(32, 32, 2, 2);
    private static final Hyperparameters HYPERPARAMETERS = Hyperparameters.builder().batchSize(8)
            .learningRate(3e-3, 3e-4, 5).seed(42).build();
    private static final RuntimeSettings RUNTIME = RuntimeSettings.builder().threads(2).device("cpu")
            .checkpointEvery(10).build();
    private static final long BUDGET = 40L * 8 * 32; // 40 steps
    private static final TrainingWindows DATA = TextFixtures.trainingWindows(CONFIG.context(), 5);

    private static Map<String, float[]> uninterrupted;
    private static Map<String, float[]> uninterruptedMoments;

    @BeforeAll
    static void trainWithoutInterruption(@TempDir Path dir) throws IOException {
        try (Trainer trainer = Trainer.start(CONFIG, HYPERPARAMETERS, RUNTIME, BUDGET, Map.of())) {
            trainer.train(DATA, ProgressListener.NONE, null, () -> false);
            uninterrupted = trainer.model().parameterValues();
            uninterruptedMoments = Checkpoints.load(trainer.checkpoint(dir)).optimizer();
        }
        // the training did change the weights, so the comparisons below are not trivially true
        try (Trainer fresh = Trainer.start(CONFIG, HYPERPARAMETERS, RUNTIME, BUDGET, Map.of())) {
            assertFalse(java.util.Arrays.equals(fresh.model().parameterValues().get("tok_emb.weight"),
                    uninterrupted.get("tok_emb.weight")));
        }
    }

    @Test
    void interruptedAndResumedRunEndsBitIdenticalToUninterruptedRun(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("run");
        Path stoppedAt = trainAndCancelAfter17Steps(runDir);
        assertTrue(runDir.resolve("step-000000010").toFile().isDirectory(), "periodic checkpoint at step 10");
        assertFalse(Files.readString(stoppedAt.resolve(Checkpoints.STATE_FILE)).contains("threads"),
                "how a process ran the training is not recorded");

        resumeAndCompare(stoppedAt, runDir);
    }

    /** A checkpoint written before the split: state.json holds "settings" with threads, device and interval. */
    @Test
    void checkpointInTheLayoutBeforeTheSettingsSplitResumesBitIdentically(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("run");
        Path stoppedAt = trainAndCancelAfter17Steps(runDir);
        rewriteStateInOldLayout(stoppedAt);
        String state = Files.readString(stoppedAt.resolve(Checkpoints.STATE_FILE));
        assertTrue(state.contains("\"settings\"") && state.contains("\"threads\" : 2")
                && !state.contains("hyperparameters"), state);
        assertEquals(HYPERPARAMETERS, Checkpoints.load(stoppedAt).state().hyperparameters());

        resumeAndCompare(stoppedAt, runDir);
    }

    private static Path trainAndCancelAfter17Steps(Path runDir) throws IOException {
        AtomicInteger steps = new AtomicInteger();
        try (Trainer trainer = Trainer.start(CONFIG, HYPERPARAMETERS, RUNTIME, BUDGET, Map.of())) {
            TrainingState stopped = trainer.train(DATA, p -> steps.incrementAndGet(), runDir, () -> steps.get() >= 17);
            assertEquals(17, stopped.step());
        }
        Path latest = Checkpoints.latest(runDir).orElseThrow();
        assertTrue(latest.endsWith("step-000000017"), latest.toString());
        return latest;
    }

    private static void resumeAndCompare(Path checkpoint, Path runDir) throws IOException {
        try (Trainer resumed = Trainer.resume(checkpoint, RUNTIME)) {
            assertEquals(17, resumed.state().step());
            assertEquals(17 * 8, resumed.state().windowsConsumed());
            TrainingState end = resumed.train(DATA, ProgressListener.NONE, runDir, () -> false);
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
    }

    /**
     * Writes state.json as the code before the split did ({@code settings}: threads, interop threads, device, the
     * hyperparameters, checkpoint interval) and updates the manifest to match, as if the old code had saved it.
     */
    private static void rewriteStateInOldLayout(Path checkpoint) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path stateFile = checkpoint.resolve(Checkpoints.STATE_FILE);
        ObjectNode current = (ObjectNode) json.readTree(stateFile.toFile());
        ObjectNode old = json.createObjectNode();
        for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = current.fields(); it.hasNext(); ) {
            Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> field = it.next();
            if (!field.getKey().equals("hyperparameters")) {
                old.set(field.getKey(), field.getValue());
                continue;
            }
            ObjectNode settings = old.putObject("settings");
            settings.put("threads", RUNTIME.threads()).put("interopThreads", RUNTIME.interopThreads())
                    .put("device", RUNTIME.device());
            settings.setAll((ObjectNode) field.getValue());
            settings.put("checkpointEvery", RUNTIME.checkpointEvery());
        }
        json.writeValue(stateFile.toFile(), old);

        Path manifestFile = checkpoint.resolve(Checkpoints.MANIFEST_FILE);
        ObjectNode manifest = (ObjectNode) json.readTree(manifestFile.toFile());
        ((ObjectNode) manifest.path("files").path(Checkpoints.STATE_FILE)).put("bytes", Files.size(stateFile))
                .put("sha256", Checkpoints.sha256(stateFile));
        json.writeValue(manifestFile.toFile(), manifest);
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
