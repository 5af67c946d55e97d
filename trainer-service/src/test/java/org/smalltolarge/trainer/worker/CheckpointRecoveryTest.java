package org.smalltolarge.trainer.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smalltolarge.lm.Checkpoints;
import org.smalltolarge.lm.GptConfig;
import org.smalltolarge.lm.Hyperparameters;
import org.smalltolarge.lm.RuntimeSettings;
import org.smalltolarge.lm.Trainer;
import org.smalltolarge.lm.TrainingWindows;

/** A damaged latest checkpoint no longer fails its run: the newest intact one is used, with the same result. */
@Tag("slow") // trains a model
class CheckpointRecoveryTest {
    private static final GptConfig CONFIG = GptConfig.bytes(16, 16, 1, 2);
    private static final Hyperparameters HYPERPARAMETERS = Hyperparameters.builder().batchSize(4).seed(3).build();
    private static final RuntimeSettings RUNTIME = RuntimeSettings.builder().threads(1).device("cpu")
            .checkpointEvery(2).build();
    private static final long BUDGET = 6L * 4 * 16; // six steps, checkpoints at 2, 4 and 6

    /** Windows of real English text, fixed by index. */
    private static final TrainingWindows TEXT = new TrainingWindows() {
        private final byte[] text = ("It was the best of times, it was the worst of times, it was the age of wisdom, "
                + "it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity. ")
                .repeat(4).getBytes(StandardCharsets.US_ASCII);

        @Override
        public int context() {
            return 16;
        }

        @Override
        public long count() {
            return text.length / 17;
        }

        @Override
        public int[] window(long index) {
            int[] w = new int[17];
            for (int i = 0; i < 17; i++) {
                w[i] = text[(int) index * 17 + i] & 0xff;
            }
            return w;
        }
    };

    @TempDir
    Path dir;

    @Test
    void theNewestIntactCheckpointIsResumedAndTheDamagedOneMovedAside() throws Exception {
        Map<String, float[]> uninterrupted;
        try (Trainer trainer = Trainer.start(CONFIG, HYPERPARAMETERS, RUNTIME, BUDGET, Map.of())) {
            trainer.train(TEXT, p -> { }, dir, () -> false);
            uninterrupted = trainer.model().parameterValues();
        }
        Path step6 = Checkpoints.newestFirst(dir).get(0);
        Path step4 = Checkpoints.newestFirst(dir).get(1);
        Files.write(step6.resolve(Checkpoints.MODEL_FILE), new byte[] {1, 2, 3}); // a torn write
        Files.writeString(step4.resolve(Checkpoints.STATE_FILE), "{}");           // a file replaced

        List<String> history = new ArrayList<>();
        Optional<Trainer> resumed = CheckpointRecovery.resumeNewestIntact(dir, RUNTIME, history::add);
        try (Trainer trainer = resumed.orElseThrow()) {
            assertEquals(2, trainer.state().step(), "two damaged checkpoints passed over");
            trainer.train(TEXT, p -> { }, dir, () -> false);
            Map<String, float[]> recovered = trainer.model().parameterValues();
            for (String name : uninterrupted.keySet()) {
                assertArrayEquals(uninterrupted.get(name), recovered.get(name), name + " as without the damage");
            }
        }
        assertEquals(2, history.size(), history.toString());
        assertTrue(history.get(0).startsWith("checkpoint " + step6.getFileName() + " is damaged ("), history.get(0));
        try (var listing = Files.list(dir)) {
            assertEquals(2, listing.filter(p -> p.getFileName().toString().contains(".damaged-")).count(),
                    "the damaged checkpoints are kept aside for inspection");
        }
    }

    @Test
    void noIntactCheckpointMeansStartingOver() throws Exception {
        Files.createDirectories(dir.resolve("step-000000002"));
        Files.writeString(dir.resolve("step-000000002").resolve(Checkpoints.MANIFEST_FILE), "{not json");
        List<String> history = new ArrayList<>();
        assertTrue(CheckpointRecovery.resumeNewestIntact(dir, RUNTIME, history::add).isEmpty());
        assertEquals(1, history.size());
    }
}
