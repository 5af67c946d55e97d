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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How many query rows per attention block make the forward pass fastest, with autograd (a training step's forward
 * and backward, no optimizer) and without (scoring): the evidence for {@code GptModel}'s defaults. Every variant
 * shares one set of weights and one batch, and the variants take turns within each round in a shuffled order, so a
 * shared machine's slow spells hit them alike; the figures are medians over rounds of each variant's speed relative to the one-block
 * form in the same round, with the range.
 *
 * <pre>java ... AttentionBlockBenchmark --out attention-blocks.json [--threads 1,2] [--rounds 5]</pre>
 */
public final class AttentionBlockBenchmark {

    private static final int[] QUERY_BLOCKS = {Integer.MAX_VALUE, 64, 32, 16}; // MAX_VALUE: one block

    public static void main(String[] args) throws Exception {
        Map<String, String> options = LmBenchmark.parse(args, "--out FILE --threads 1,2 --rounds 5");
        Path out = Path.of(options.getOrDefault("out", "attention-blocks.json"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
        List<Map<String, Object>> results = new ArrayList<>();
        for (String t : options.getOrDefault("threads", "1,2").split(",")) {
            int threads = Integer.parseInt(t.trim());
            NativeRuntime.configureThreads(threads, 1);
            for (Map.Entry<String, GptConfig> config : LmBenchmark.CONFIGS.entrySet()) {
                results.addAll(compare(config.getKey(), config.getValue(), threads, rounds));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cpu", CpuInfo.describe());
        result.put("batch", LmBenchmark.BATCH);
        result.put("rounds", rounds);
        result.put("definition", "tokens/s of each query block size over the one-block form in the same round: median"
                + " and range over rounds; train = forward + backward of a training step without the optimizer");
        result.put("results", results);
        Files.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(result));
        System.out.println("wrote " + out);
    }

    private static List<Map<String, Object>> compare(String name, GptConfig config, int threads, int rounds) {
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
        double[][] score = new double[QUERY_BLOCKS.length][rounds];
        double[][] train = new double[QUERY_BLOCKS.length][rounds];
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Map<String, float[]> weights;
            try (GptModel initial = GptModel.initialize(config, 1, manager)) {
                weights = initial.parameterValues();
            }
            List<GptModel> models = new ArrayList<>();
            for (int block : QUERY_BLOCKS) {
                models.add(GptModel.fromValues(config, weights, manager, true, block));
            }
            List<Integer> order = new ArrayList<>(java.util.stream.IntStream.range(0, QUERY_BLOCKS.length).boxed().toList());
            java.util.Random shuffle = new java.util.Random(11);
            for (int round = -1; round < rounds; round++) { // round -1 warms up
                java.util.Collections.shuffle(order, shuffle); // no variant always runs first or last
                for (int v : order) {
                    GptModel model = models.get(v);
                    double s = tokensPerSecond(0.6, batch * context, () -> new TokenScorer(model, batch).logProbs(rows));
                    double t = tokensPerSecond(1.2, batch * context, () -> {
                        try (NDScope scope = new NDScope()) {
                            NDArray x = manager.create(inputs, new Shape(batch, context));
                            NDArray y = manager.create(targets, new Shape(batch, context));
                            NativeRuntime.withGradMode(true, () -> {
                                NDArray loss = GptModel.targetLogProbs(model.logits(x), y).mean().neg();
                                JniUtils.backward((PtNDArray) loss, (PtNDArray) manager.ones(loss.getShape()), false,
                                        false);
                                return loss.getFloat();
                            });
                        }
                    });
                    if (round >= 0) {
                        score[v][round] = s;
                        train[v][round] = t;
                    }
                }
            }
            models.forEach(GptModel::close);
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (int v = 0; v < QUERY_BLOCKS.length; v++) {
            String variant = QUERY_BLOCKS[v] == Integer.MAX_VALUE ? "one block" : QUERY_BLOCKS[v] + " rows";
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("config", name);
            r.put("threads", threads);
            r.put("query_block", variant);
            r.put("score_tokens_per_s", LmBenchmark.median(score[v]));
            r.put("train_tokens_per_s", LmBenchmark.median(train[v]));
            r.put("score_vs_one_block", relative(score[v], score[0]));
            r.put("train_vs_one_block", relative(train[v], train[0]));
            System.out.printf("%-5s %d thread(s) %-9s score %,9.0f tok/s (x%.2f, %.2f-%.2f)  train %,8.0f tok/s"
                            + " (x%.2f, %.2f-%.2f)%n", name, threads, variant, LmBenchmark.median(score[v]),
                    relative(score[v], score[0])[0], relative(score[v], score[0])[1], relative(score[v], score[0])[2],
                    LmBenchmark.median(train[v]), relative(train[v], train[0])[0], relative(train[v], train[0])[1],
                    relative(train[v], train[0])[2]);
            results.add(r);
        }
        return results;
    }

    private static double tokensPerSecond(double seconds, int tokensPerCall, Runnable call) {
        long start = System.nanoTime();
        int calls = 0;
        while (calls < 2 || System.nanoTime() - start < seconds * 1e9) {
            call.run();
            calls++;
        }
        return (double) calls * tokensPerCall / ((System.nanoTime() - start) / 1e9);
    }

    /** {median, min, max} over rounds of a[i] / b[i]. */
    private static double[] relative(double[] a, double[] b) {
        double[] ratio = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            ratio[i] = a[i] / b[i];
        }
        Arrays.sort(ratio);
        return new double[] {LmBenchmark.median(ratio), ratio[0], ratio[ratio.length - 1]};
    }
}
