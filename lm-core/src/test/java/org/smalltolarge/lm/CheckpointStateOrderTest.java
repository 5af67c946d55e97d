package org.smalltolarge.lm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A checkpoint's bytes, and so its digest, must not depend on the iteration order of a map in its state. */
class CheckpointStateOrderTest {

    @TempDir
    Path root;

    @Test
    void stateJsonListsTheDataDescriptionInKeyOrder() throws IOException {
        // Map.of iterates in an order that changes with every JVM; eight keys make a sorted order by chance unlikely.
        Map<String, String> description = Map.of("sampler_seed", "5", "corpus", "demo", "distribution", "mix",
                "corpus_fingerprint", "f00d", "alpha", "1", "zeta", "2", "mixture", "a", "budget", "3");
        GptConfig config = GptConfig.bytes(16, 16, 1, 2);
        Hyperparameters hyperparameters = Hyperparameters.builder().batchSize(4).build();
        RuntimeSettings runtime = RuntimeSettings.builder().threads(1).device("cpu").build();
        Path checkpoint;
        try (Trainer trainer = Trainer.start(config, hyperparameters, runtime, 4L * 16, description)) {
            checkpoint = trainer.checkpoint(root);
        }

        JsonNode data = new ObjectMapper().readTree(checkpoint.resolve(Checkpoints.STATE_FILE).toFile()).path("data");
        List<String> written = new ArrayList<>();
        data.fieldNames().forEachRemaining(written::add);
        assertEquals(description.keySet().stream().sorted().toList(), written);
        assertEquals(description, Checkpoints.load(checkpoint).state().data());
    }
}
