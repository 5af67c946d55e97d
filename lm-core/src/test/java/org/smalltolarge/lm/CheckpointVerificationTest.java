package org.smalltolarge.lm;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("slow") // trains a model
class CheckpointVerificationTest {

    private static final RuntimeSettings RUNTIME = RuntimeSettings.builder().threads(1).device("cpu").build();

    @TempDir
    Path root;
    Path checkpoint;

    @BeforeEach
    void saveOne() throws IOException {
        GptConfig config = GptConfig.bytes(16, 16, 1, 2);
        try (Trainer trainer = Trainer.start(config, Hyperparameters.builder().batchSize(4).build(), RUNTIME,
                3L * 4 * 16, Map.of("sampler_seed", "5"))) {
            trainer.train(TextFixtures.trainingWindows(16, 5), ProgressListener.NONE, null, () -> false);
            checkpoint = trainer.checkpoint(root);
        }
    }

    @Test
    void intactCheckpointLoadsWithItsState() throws IOException {
        Checkpoints.Checkpoint loaded = Checkpoints.load(checkpoint);
        assertEquals(3, loaded.state().step());
        assertEquals(12, loaded.state().windowsConsumed());
        assertEquals(3, loaded.optimizerSteps());
        assertEquals("5", loaded.state().data().get("sampler_seed"));
        assertEquals(Hyperparameters.builder().batchSize(4).build(), loaded.state().hyperparameters());
        try (var files = Files.list(root)) {
            assertEquals(1, files.count(), "no temporary directory is left behind");
        }
    }

    @Test
    void flippedByteIsRefusedNamingTheFile() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(checkpoint.resolve("model.safetensors").toFile(), "rw")) {
            f.seek(f.length() - 3);
            int b = f.read();
            f.seek(f.length() - 3);
            f.write(b ^ 0x40);
        }
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(checkpoint));
        assertTrue(e.getMessage().contains("model.safetensors") && e.getMessage().contains("sha256"), e.getMessage());
        assertThrows(CheckpointException.class, () -> Trainer.resume(checkpoint, RUNTIME));
    }

    @Test
    void truncatedOptimizerStateIsRefused() throws IOException {
        Path f = checkpoint.resolve("optimizer.safetensors");
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.verify(checkpoint));
        assertTrue(e.getMessage().contains("optimizer.safetensors") && e.getMessage().contains("bytes"), e.getMessage());
    }

    @Test
    void checkpointWithoutManifestIsIncompleteAndNotOfferedAsLatest() throws IOException {
        Files.delete(checkpoint.resolve("manifest.json"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(checkpoint));
        assertTrue(e.getMessage().contains("no manifest.json"), e.getMessage());
        assertTrue(Checkpoints.latest(root).isEmpty());
    }

    @Test
    void editedStateIsRefused() throws IOException {
        Path state = checkpoint.resolve("state.json");
        Files.writeString(state, Files.readString(state).replace("\"step\" : 3", "\"step\" : 4"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.verify(checkpoint));
        assertTrue(e.getMessage().contains("state.json"), e.getMessage());
    }
}
