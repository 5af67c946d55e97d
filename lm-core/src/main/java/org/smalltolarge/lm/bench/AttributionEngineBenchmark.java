package org.smalltolarge.lm.bench;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.smalltolarge.lm.CpuInfo;
import org.smalltolarge.lm.GptConfig;
import org.smalltolarge.lm.GptModel;
import org.smalltolarge.lm.NativeRuntime;
import org.smalltolarge.lm.ScoringExample;
import org.smalltolarge.lm.TrainingWindows;
import org.smalltolarge.lm.gradients.FeatureMatrixFile;
import org.smalltolarge.lm.gradients.GradientFeaturizer;
import org.smalltolarge.lm.gradients.GradientFeaturizer.Projection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DJL half of {@code benchmarks/attribution-engine.sh}: featurizing throughput (examples/s, one example = one
 * 129-token window, every token scored, margin output) for both projections at each k, beside the training
 * throughput of the same model in examples/s (forward + backward + AdamW, batch 32), at each thread count; and
 * resident memory while featurizing N and 4N examples to a feature file. Writes JSON.
 *
 * <pre>java ... AttributionEngineBenchmark --out engine.json [--threads 1,2] [--seconds 6] [--configs 0.2M,1M,5M]
 *      [--dims 1024,2048,4096] [--memory-examples 256]</pre>
 */
public final class AttributionEngineBenchmark {

    private static final int BATCH = 32;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        Path out = Path.of(options.getOrDefault("out", "attribution-engine.json"));
        double seconds = Double.parseDouble(options.getOrDefault("seconds", "6"));
        int memoryExamples = Integer.parseInt(options.getOrDefault("memory-examples", "256"));
        List<Integer> threadCounts = ints(options.getOrDefault("threads", "1,2"));
        List<Integer> dims = ints(options.getOrDefault("dims", "1024,2048,4096"));
        List<String> configs = List.of(options.getOrDefault("configs", "0.2M,1M,5M").split(","));

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("engine", "DJL 0.36.0 / libtorch 2.7.1");
        result.put("cpu", CpuInfo.describe());
        result.put("batch", BATCH);
        result.put("example_tokens", 129);
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int threads : threadCounts) {
            NativeRuntime.configureThreads(threads, 1);
            for (String name : configs) {
                GptConfig config = LmBenchmark.CONFIGS.get(name.trim());
                double trainExamples = LmBenchmark.trainingTokensPerSecond(config, threads, seconds)[0]
                        / config.context();
                System.out.printf("%-5s %d thread(s): training %8.1f examples/s%n", name, threads, trainExamples);
                try (NDManager manager = NDManager.newBaseManager("PyTorch");
                     GptModel model = frozenModel(config, manager)) {
                    List<ScoringExample> examples = windows(config, 0, BATCH * 64);
                    for (Projection projection : Projection.values()) {
                        for (int k : dims) {
                            double rate = featurizingRate(model, examples, projection, k, seconds);
                            System.out.printf("%-5s %d thread(s): %-9s k=%4d %8.1f examples/s (%.2f x training)%n",
                                    name, threads, projection, k, rate, rate / trainExamples);
                            Map<String, Object> run = new LinkedHashMap<>();
                            run.put("config", name.trim());
                            run.put("params", config.parameters());
                            run.put("threads", threads);
                            run.put("projection", projection.name().toLowerCase());
                            run.put("k", k);
                            run.put("featurize_examples_per_s", rate);
                            run.put("train_examples_per_s", trainExamples);
                            run.put("featurize_over_train", rate / trainExamples);
                            runs.add(run);
                        }
                    }
                }
            }
        }
        result.put("runs", runs);
        if (memoryExamples > 0) {
            result.put("memory", memory(memoryExamples));
        }
        Files.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        System.out.println("wrote " + out);
    }

    private static GptModel frozenModel(GptConfig config, NDManager manager) {
        try (GptModel initial = GptModel.initialize(config, 1, manager)) {
            return GptModel.fromValues(config, initial.parameterValues(), manager, false);
        }
    }

    private static List<ScoringExample> windows(GptConfig config, int first, int count) {
        TrainingWindows windows = LmBenchmark.randomWindows(config);
        List<ScoringExample> examples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            examples.add(ScoringExample.wholeSequence(windows.window(first + i)));
        }
        return examples;
    }

    /** Examples/s over whole batches after one warm-up batch, for at least {@code seconds} and 2 batches. */
    private static double featurizingRate(GptModel model, List<ScoringExample> examples, Projection projection,
                                          int k, double seconds) {
        try (GradientFeaturizer featurizer = new GradientFeaturizer(model, GradientFeaturizer.builder()
                .projection(projection).dimension(k).seed(1).batchSize(BATCH).build())) {
            featurizer.featurize(examples.subList(0, BATCH), (i, f, o, q) -> { });
            long start = System.nanoTime();
            int done = 0;
            while (done < 2 * BATCH || System.nanoTime() - start < seconds * 1e9) {
                int from = done % examples.size();
                featurizer.featurize(examples.subList(from, from + BATCH), (i, f, o, q) -> { });
                done += BATCH;
            }
            return done / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Peak resident memory while featurizing {@code n} and then {@code 4n} examples of the 1M model to a feature
     * file (factored, k = 2048), sampled after every batch: streaming means the second peak is no higher.
     */
    private static Map<String, Object> memory(int n) throws IOException {
        GptConfig config = LmBenchmark.CONFIGS.get("1M");
        Map<String, Object> m = new LinkedHashMap<>();
        Path dir = Files.createTempDirectory("attribution-engine-bench");
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             GptModel model = frozenModel(config, manager);
             GradientFeaturizer featurizer = new GradientFeaturizer(model, GradientFeaturizer.builder()
                     .dimension(2048).seed(1).batchSize(BATCH).build())) {
            for (int count : new int[]{n, 4 * n}) {
                long[] peak = {0};
                try (FeatureMatrixFile file = FeatureMatrixFile.open(dir.resolve(count + ".feat"), count, 2048)) {
                    featurizer.featurize(windows(config, 0, count), file,
                            () -> peak[0] = Math.max(peak[0], LmBenchmark.residentKiB()));
                }
                m.put("peak_rss_kib_" + count + "_examples", peak[0]);
                System.out.printf("featurizing %d examples to a file: peak RSS %,d KiB%n", count, peak[0]);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
        return m;
    }

    private static List<Integer> ints(String csv) {
        List<Integer> values = new ArrayList<>();
        for (String s : csv.split(",")) {
            values.add(Integer.parseInt(s.trim()));
        }
        return values;
    }
}
