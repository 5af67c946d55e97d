package org.smalltolarge.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Exported weights load into the plain PyTorch model of bench/gpt_torch.py and give the same logits.
 * Runs only where {@code /usr/bin/python3 -c 'import torch'} works (Debian: apt-get install python3-torch).
 */
@Tag("slow") // trains, and runs PyTorch
class TorchInteropTest {

    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void pytorchReferenceReproducesDjlLogits(@TempDir Path dir) throws Exception {
        assumeTrue(torchAvailable(), "PyTorch for " + PYTHON + " is not installed; skipping the interop check");
        GptConfig config = GptConfig.bytes(32, 32, 2, 4);
        Hyperparameters hyperparameters = Hyperparameters.builder().batchSize(8).learningRate(3e-3, 3e-4, 2).build();
        RuntimeSettings runtime = RuntimeSettings.builder().threads(1).device("cpu").build();
        long[][] rows = {
                {67, 97, 108, 108, 32, 109, 101, 32, 73, 115, 104, 109, 97, 101, 108, 46},
                {256, 70, 101, 108, 108, 111, 119, 45, 67, 105, 116, 105, 122, 101, 110, 115}};
        float[] djl;
        try (Trainer trainer = Trainer.start(config, hyperparameters, runtime, 20L * 8 * 32, Map.of())) {
            // trained weights, so every tensor (biases and LayerNorms too) has left its initial value
            trainer.train(TextFixtures.trainingWindows(32, 3), ProgressListener.NONE, null, () -> false);
            SafetensorsIO.exportModel(trainer.model(), dir.resolve("model.safetensors"));
            try (NDScope scope = new NDScope()) {
                NDArray tokens = trainer.model().manager().create(flatten(rows), new Shape(2, 16));
                djl = trainer.model().logits(tokens).toFloatArray();
            }
        }
        ObjectMapper json = new ObjectMapper();
        json.writeValue(dir.resolve("tokens.json").toFile(), rows);
        Process p = new ProcessBuilder(PYTHON, "bench/gpt_torch.py", "logits", dir.resolve("model.safetensors").toString(),
                dir.resolve("tokens.json").toString(), dir.resolve("logits.json").toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python did not finish");
        assertEquals(0, p.exitValue(), output);
        List<Double> torch = List.of(json.readValue(dir.resolve("logits.json").toFile(), Double[].class));
        assertEquals(djl.length, torch.size());
        double maxDiff = 0;
        double maxAbs = 0;
        for (int i = 0; i < djl.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(djl[i] - torch.get(i)));
            maxAbs = Math.max(maxAbs, Math.abs(djl[i]));
        }
        System.out.printf("DJL vs PyTorch logits: max abs diff %.3g, max abs logit %.3g%n", maxDiff, maxAbs);
        assertTrue(maxAbs > 0.1, "logits should not be trivially small: " + maxAbs);
        assertTrue(maxDiff < 2e-5, "DJL and PyTorch logits differ by up to " + maxDiff);
    }

    private static long[] flatten(long[][] rows) {
        return java.util.Arrays.stream(rows).flatMapToLong(java.util.Arrays::stream).toArray();
    }

    private static boolean torchAvailable() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch, numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
