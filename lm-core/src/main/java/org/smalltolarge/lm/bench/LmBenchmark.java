package org.smalltolarge.lm.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.smalltolarge.lm.CpuInfo;
import org.smalltolarge.lm.GptConfig;
import org.smalltolarge.lm.Hyperparameters;
import org.smalltolarge.lm.NativeRuntime;
import org.smalltolarge.lm.ProgressListener;
import org.smalltolarge.lm.RuntimeSettings;
import org.smalltolarge.lm.Scorer;
import org.smalltolarge.lm.ScoringExample;
import org.smalltolarge.lm.Trainer;
import org.smalltolarge.lm.TrainingWindows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The DJL half of {@code lm-core/bench/run.sh}: matmul peak, training and scoring tokens/s for the three
 * benchmark models at each thread count, and resident memory over a long training run. Writes JSON.
 *
 * <pre>java ... LmBenchmark --out djl.json [--threads 1,2] [--seconds 8] [--memory-steps 1000]</pre>
 */
public final class LmBenchmark {

    /** The three benchmark shapes (~0.2M, ~1M, ~5M parameters) at context 128; the PyTorch anchor uses the same. */
    public static final Map<String, GptConfig> CONFIGS = new LinkedHashMap<>();

    static {
        CONFIGS.put("0.2M", GptConfig.bytes(128, 64, 4, 4));
        CONFIGS.put("1M", GptConfig.bytes(128, 128, 5, 4));
        CONFIGS.put("5M", GptConfig.bytes(128, 256, 6, 8));
    }

    static final int BATCH = 32;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args,
                "--out FILE --threads 1,2 --seconds 8 --memory-steps 1000 --configs 0.2M,1M,5M");
        Path out = Path.of(options.getOrDefault("out", "djl-bench.json"));
        double seconds = Double.parseDouble(options.getOrDefault("seconds", "8"));
        int memorySteps = Integer.parseInt(options.getOrDefault("memory-steps", "0"));
        List<Integer> threadCounts = new ArrayList<>();
        for (String t : options.getOrDefault("threads", "1,2").split(",")) {
            threadCounts.add(Integer.parseInt(t.trim()));
        }
        List<String> configs = List.of(options.getOrDefault("configs", String.join(",", CONFIGS.keySet())).split(","));

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("engine", "DJL 0.36.0 / libtorch 2.7.1 (oneMKL, GNU OpenMP)");
        result.put("cpu", CpuInfo.describe()); // speeds differ between CPU vendors: name the machine with every figure
        result.put("env", envOfInterest());
        List<Map<String, Object>> peaks = new ArrayList<>();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int threads : threadCounts) {
            NativeRuntime.configureThreads(threads, 1);
            double peak = matmulPeak();
            peaks.add(Map.of("threads", threads, "gflops", peak));
            System.out.printf("DJL matmul peak, %d thread(s): %.1f GFLOP/s (MKL code path %s)%n", threads, peak,
                    org.smalltolarge.lm.CpuKernels.mklCodePath());
            for (String name : configs) {
                GptConfig config = CONFIGS.get(name.trim());
                double[] train = trainingTokensPerSecond(config, threads, seconds);
                double[] score = scoringTokensPerSecond(config, threads, seconds / 2);
                System.out.printf("DJL %-5s %,10d params, %d thread(s): train %,8.0f tok/s, score %,8.0f tok/s%s%n",
                        name, config.parameters(), threads, train[0], score[0], threads != 1 ? ""
                                : String.format(" (per CPU-second: train %,.0f, score %,.0f)", train[1], score[1]));
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("config", name.trim());
                run.put("params", config.parameters());
                run.put("threads", threads);
                run.put("djl_tokens_per_s", train[0]);
                run.put("score_tokens_per_s", score[0]);
                if (threads == 1) {
                    run.put("djl_tokens_per_cpu_s", train[1]);
                    run.put("score_tokens_per_cpu_s", score[1]);
                }
                runs.add(run);
            }
        }
        // which BLAS code path MKL chose, and whether the vendor shim did it (after the first matmul: MKL decides then)
        result.put("kernels", org.smalltolarge.lm.CpuKernels.describe());
        result.put("matmul_peak", peaks);
        result.put("runs", runs);
        if (memorySteps > 0) {
            result.put("memory", memoryFlatness(memorySteps));
        }
        Files.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(result));
        System.out.println("wrote " + out);
    }

    /** Best fp32 GFLOP/s of square matmuls (n = 1024, 2048) through DJL. */
    static double matmulPeak() {
        double best = 0;
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            for (int n : new int[] {1024, 2048}) {
                NDArray a = manager.randomNormal(new Shape(n, n));
                NDArray b = manager.randomNormal(new Shape(n, n));
                for (int rep = 0; rep < 12; rep++) {
                    try (NDScope scope = new NDScope()) {
                        long start = System.nanoTime();
                        a.matMul(b).getFloat(0, 0); // getFloat waits for the result
                        double s = (System.nanoTime() - start) / 1e9;
                        if (rep >= 2) {
                            best = Math.max(best, 2.0 * n * n * n / s / 1e9);
                        }
                    }
                }
            }
        }
        return best;
    }

    /**
     * The calling thread's CPU time in ns. With one intra-op thread libtorch runs every operation on the calling
     * thread, so tokens per CPU-second of it measure the engine without the waits a loaded machine adds (other
     * processes taking the core); with more threads the work is spread and this is not meaningful.
     */
    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** {tokens per second, tokens per CPU-second of the calling thread}. */
    static double[] trainingTokensPerSecond(GptConfig config, int threads, double seconds) throws IOException {
        Hyperparameters hyperparameters = Hyperparameters.builder().batchSize(BATCH).build();
        RuntimeSettings runtime = RuntimeSettings.builder().threads(threads).device("cpu").checkpointEvery(0).build();
        long[] timed = new long[3]; // steps, nanos, CPU nanos after warm-up
        long[] warmEnd = new long[2];
        int warmup = 3;
        try (Trainer trainer = Trainer.start(config, hyperparameters, runtime, 1_000_000L * BATCH * config.context(),
                Map.of())) {
            long deadline = System.nanoTime() + (long) ((seconds + 2) * 1e9);
            ProgressListener timing = p -> {
                long now = System.nanoTime();
                if (p.step() == warmup) {
                    warmEnd[0] = now;
                    warmEnd[1] = cpuNanos();
                } else if (p.step() > warmup) {
                    timed[0] = p.step() - warmup;
                    timed[1] = now - warmEnd[0];
                    timed[2] = cpuNanos() - warmEnd[1];
                }
            };
            trainer.train(randomWindows(config), timing, null,
                    () -> timed[0] >= 5 && (timed[1] >= seconds * 1e9 || System.nanoTime() > deadline));
        }
        double tokens = timed[0] * (double) BATCH * config.context();
        return new double[] {tokens / (timed[1] / 1e9), tokens / (timed[2] / 1e9)};
    }

    /** {tokens per second, tokens per CPU-second of the calling thread}. */
    static double[] scoringTokensPerSecond(GptConfig config, int threads, double seconds) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             var model = org.smalltolarge.lm.GptModel.initialize(config, 1, manager)) {
            TrainingWindows windows = randomWindows(config);
            List<ScoringExample> batch = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                batch.add(ScoringExample.wholeSequence(windows.window(i)));
            }
            Scorer scorer = new Scorer(model, BATCH);
            scorer.score(batch);
            long tokens = 0;
            long start = System.nanoTime();
            long cpuStart = cpuNanos();
            int reps = 0;
            while (reps < 5 || System.nanoTime() - start < seconds * 1e9) {
                scorer.score(batch);
                tokens += (long) BATCH * config.context();
                reps++;
            }
            long cpu = cpuNanos() - cpuStart;
            return new double[] {tokens / ((System.nanoTime() - start) / 1e9), tokens / (cpu / 1e9)};
        }
    }

    /**
     * Resident memory over a long run of the smallest model (batch 8 to keep it short), sampled after a full GC
     * every 100 steps: the process RSS, RSS minus the JVM's committed heap and non-heap memory ("native"), and
     * Java direct buffers. Without the GC, RSS climbs ~25 MB per 100 steps until the heap limit is reached:
     * that is uncollected Java garbage, not native tensors.
     */
    public static Map<String, Object> memoryFlatness(int steps) throws IOException {
        GptConfig config = CONFIGS.get("0.2M");
        // one thread: memory does not depend on it, and it stays quick on a busy machine
        Hyperparameters hyperparameters = Hyperparameters.builder().batchSize(8).build();
        RuntimeSettings runtime = RuntimeSettings.builder().threads(1).device("cpu").checkpointEvery(0).build();
        List<Long> rss = new ArrayList<>();
        List<Long> nativeKiB = new ArrayList<>();
        List<Long> direct = new ArrayList<>();
        try (Trainer trainer = Trainer.start(config, hyperparameters, runtime, (long) steps * 8 * config.context(),
                Map.of())) {
            trainer.train(randomWindows(config), p -> {
                if (p.step() % 100 == 0) {
                    // collect first: a native leak survives a GC, Java garbage (and the heap pages it has
                    // touched on its way to -Xmx) does not
                    System.gc();
                    long r = residentKiB();
                    rss.add(r);
                    nativeKiB.add(r - jvmCommittedKiB());
                    direct.add(directBufferKiB());
                }
            }, null, () -> false);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", steps);
        m.put("batch", 8);
        m.put("rss_kib_every_100_steps", rss);
        m.put("native_kib_every_100_steps", nativeKiB);
        m.put("direct_buffer_kib_every_100_steps", direct);
        m.put("rss_growth_after_step_100_percent", growthPercent(rss));
        m.put("native_growth_after_step_100_percent_of_rss", 100.0 * (nativeKiB.get(nativeKiB.size() - 1)
                - nativeKiB.get(0)) / rss.get(0));
        System.out.printf("memory over %d steps, every 100: RSS %s KiB (growth after step 100: %.1f%%),"
                + " native (RSS - JVM committed) %s KiB, direct buffers %s KiB%n", steps, rss, growthPercent(rss), nativeKiB,
                direct);
        return m;
    }

    private static double growthPercent(List<Long> series) {
        return 100.0 * (series.get(series.size() - 1) - series.get(0)) / series.get(0);
    }

    /** Java direct buffers in use (DJL copies inputs through them; freed only when collected), in KiB. */
    public static long directBufferKiB() {
        return java.lang.management.ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)
                .stream().filter(b -> b.getName().equals("direct"))
                .mapToLong(java.lang.management.BufferPoolMXBean::getMemoryUsed).sum() / 1024;
    }

    /** Heap plus non-heap memory the JVM has committed, in KiB. */
    public static long jvmCommittedKiB() {
        var memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        return (memory.getHeapMemoryUsage().getCommitted() + memory.getNonHeapMemoryUsage().getCommitted()) / 1024;
    }

    /** This process's resident set size in KiB (Linux), or -1 where /proc is unavailable. */
    public static long residentKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** Uniform random bytes: throughput does not depend on the text. */
    public static TrainingWindows randomWindows(GptConfig config) {
        return new TrainingWindows() {
            @Override
            public int context() {
                return config.context();
            }

            @Override
            public long count() {
                return Long.MAX_VALUE;
            }

            @Override
            public int[] window(long index) {
                SplittableRandom r = new SplittableRandom(index);
                int[] w = new int[config.context() + 1];
                for (int i = 0; i < w.length; i++) {
                    w[i] = r.nextInt(256);
                }
                return w;
            }
        };
    }

    private static Map<String, String> envOfInterest() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String k : List.of("OMP_NUM_THREADS", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "KMP_BLOCKTIME",
                "MKL_ENABLE_INSTRUCTIONS", "MKL_DEBUG_CPU_TYPE", "LD_PRELOAD", "OPENBLAS_CORETYPE")) {
            String v = System.getenv(k);
            if (v != null) {
                env.put(k, v);
            }
        }
        return env;
    }

    /** {@code --name value} pairs; anything else is refused with the tool's {@code usage}. */
    static Map<String, String> parse(String[] args, String usage) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: " + usage + " (bad argument '" + args[i] + "')");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    /** The median of {@code values} (the mean of the middle two for an even count). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
