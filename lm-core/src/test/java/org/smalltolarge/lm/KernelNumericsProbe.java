package org.smalltolarge.lm;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Run by {@link CpuKernelsTest} in a fresh JVM (the MKL vendor shim is decided once per process): a short seeded
 * training run and per-example scores, written as JSON to the file given as the only argument, with the shim's
 * status. One intra-op thread, so the two runs differ only in the kernels MKL chose.
 */
public final class KernelNumericsProbe {

    static final int STEPS = 40;

    public static void main(String[] args) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("shim_active", CpuKernels.status().shimActive());
        out.put("reason", CpuKernels.status().reason());

        GptConfig config = TextFixtures.tinyConfig();
        Hyperparameters hyperparameters = Hyperparameters.builder().batchSize(16).learningRate(3e-3, 3e-4, 5)
                .seed(11).build();
        RuntimeSettings runtime = RuntimeSettings.builder().threads(1).device("cpu").checkpointEvery(0).build();
        List<Double> losses = new ArrayList<>();
        List<Double> trainedScores = new ArrayList<>();
        try (Trainer trainer = Trainer.start(config, hyperparameters, runtime,
                (long) STEPS * 16 * config.context(), Map.of())) {
            trainer.train(TextFixtures.trainingWindows(config.context(), 3), p -> losses.add(p.loss()), null,
                    () -> false);
            trainedScores = meanNlls(trainer.model(), config.context());
        }
        // an untrained model of the benchmark's 1M shape: larger matrices than the tiny one
        GptConfig larger = GptConfig.bytes(128, 128, 5, 4);
        List<Double> largerScores;
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             GptModel model = GptModel.initialize(larger, 5, manager)) {
            largerScores = meanNlls(model, larger.context());
        }
        out.put("mkl_code_path", CpuKernels.mklCodePath());
        out.put("vendor_checks_answered", CpuKernels.vendorChecksAnswered());
        out.put("losses", losses);
        out.put("trained_scores", trainedScores);
        out.put("larger_scores", largerScores);
        new ObjectMapper().writeValue(Path.of(args[0]).toFile(), out);
    }

    /** Mean NLL of 24 validation windows of each fixture domain. */
    private static List<Double> meanNlls(GptModel model, int context) {
        List<ScoringExample> examples = new ArrayList<>();
        for (String domain : TextFixtures.DOMAINS) {
            ByteTextWindows windows = TextFixtures.validationWindows(domain, context);
            for (int i = 0; i < 24; i++) {
                examples.add(ScoringExample.wholeSequence(windows.window(i)));
            }
        }
        return new Scorer(model, 16).score(examples).stream().map(ExampleScore::meanNll).toList();
    }
}
