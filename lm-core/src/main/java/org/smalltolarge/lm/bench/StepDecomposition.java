package org.smalltolarge.lm.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.smalltolarge.lm.CpuInfo;
import org.smalltolarge.lm.GptConfig;
import org.smalltolarge.lm.GptModel;
import org.smalltolarge.lm.NativeRuntime;
import org.smalltolarge.lm.TokenScorer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Where a training step's time goes, in units of one scoring pass over the same batch: the forward pass with autograd
 * and the loss, forward + backward, and the whole step (optimizer and clipping included). Scoring reaches 3x training
 * tokens/s exactly when the step costs 3 scoring passes, so this shows which part decides the ratio. The four
 * measurements take turns within each round; figures are medians over rounds.
 *
 * <pre>java ... StepDecomposition --out step-decomposition.json [--threads 1,2] [--rounds 5]</pre>
 */
public final class StepDecomposition {

    private static final String[] PARTS = {"scoring pass (no autograd: forward, target log-probs)",
        "forward with autograd + loss", "forward + backward", "training step (Trainer: + clipping, AdamW)"};

    public static void main(String[] args) throws Exception {
        Map<String, String> options = LmBenchmark.parse(args, "--out FILE --threads 1,2 --rounds 5");
        Path out = Path.of(options.getOrDefault("out", "step-decomposition.json"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
        List<Map<String, Object>> results = new ArrayList<>();
        for (String t : options.getOrDefault("threads", "1,2").split(",")) {
            int threads = Integer.parseInt(t.trim());
            NativeRuntime.configureThreads(threads, 1);
            for (Map.Entry<String, GptConfig> config : LmBenchmark.CONFIGS.entrySet()) {
                results.add(decompose(config.getKey(), config.getValue(), threads, rounds));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cpu", CpuInfo.describe());
        result.put("batch", LmBenchmark.BATCH);
        result.put("rounds", rounds);
        result.put("definition", "median ms per batch of each part, and the same over the scoring pass's ms");
        result.put("results", results);
        Files.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(result));
        System.out.println("wrote " + out);
    }

    private static Map<String, Object> decompose(String name, GptConfig config, int threads, int rounds)
            throws Exception {
        int batch = LmBenchmark.BATCH;
        int context = config.context();
        List<int[]> rows = new ArrayList<>();
        long[] inputs = new long[batch * context];
        long[] targets = new long[batch * context];
        SplittableRandom random = new SplittableRandom(3);
        for (int r = 0; r < batch; r++) {
            int[] row = random.ints(context + 1, 0, 256).toArray();
            rows.add(row);
            for (int j = 0; j < context; j++) {
                inputs[r * context + j] = row[j];
                targets[r * context + j] = row[j + 1];
            }
        }
        double[][] ms = new double[PARTS.length][rounds];
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             GptModel model = GptModel.initialize(config, 1, manager)) {
            TokenScorer scorer = new TokenScorer(model, batch);
            for (int round = -1; round < rounds; round++) { // round -1 warms up
                for (int part = 0; part < PARTS.length; part++) {
                    double value;
                    if (part == 3) {
                        value = batch * context / LmBenchmark.trainingTokensPerSecond(config, threads, 1.5)[0] * 1e3;
                    } else {
                        boolean backward = part == 2;
                        Runnable pass = part == 0 ? () -> scorer.logProbs(rows) : () -> {
                            try (NDScope scope = new NDScope()) {
                                NDArray x = manager.create(inputs, new Shape(batch, context));
                                NDArray y = manager.create(targets, new Shape(batch, context));
                                NativeRuntime.withGradMode(true, () -> {
                                    NDArray loss = GptModel.targetLogProbs(model.logits(x), y).mean().neg();
                                    if (backward) {
                                        JniUtils.backward((PtNDArray) loss, (PtNDArray) manager.ones(loss.getShape()),
                                                false, false);
                                    }
                                    return loss.getFloat();
                                });
                                if (backward) { // gradients accumulate; zero them as the trainer does
                                    model.parameters().values().forEach(p -> p.getGradient().muli(0));
                                }
                            }
                        };
                        long start = System.nanoTime();
                        int calls = 0;
                        while (calls < 2 || System.nanoTime() - start < 0.8e9) {
                            pass.run();
                            calls++;
                        }
                        value = (System.nanoTime() - start) / 1e6 / calls;
                    }
                    if (round >= 0) {
                        ms[part][round] = value;
                    }
                }
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("config", name);
        r.put("threads", threads);
        Map<String, Object> parts = new LinkedHashMap<>();
        double scoring = LmBenchmark.median(ms[0]);
        for (int part = 0; part < PARTS.length; part++) {
            double value = LmBenchmark.median(ms[part]);
            parts.put(PARTS[part], Map.of("ms", value, "scoring_passes", value / scoring));
            System.out.printf("%-5s %d thread(s) %-62s %8.2f ms  (%.2f scoring passes)%n", name, threads, PARTS[part],
                    value, value / scoring);
        }
        r.put("parts", parts);
        return r;
    }
}
