package org.smalltolarge.trainer.worker;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bson.Document;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.events.TrainingRequested;
import org.smalltolarge.lm.Checkpoints;
import org.smalltolarge.lm.ExampleScore;
import org.smalltolarge.lm.GptModel;
import org.smalltolarge.lm.NativeRuntime;
import org.smalltolarge.lm.Scorer;
import org.smalltolarge.lm.ScoringExample;
import org.smalltolarge.lm.RuntimeSettings;
import org.smalltolarge.lm.Trainer;
import org.smalltolarge.lm.TrainingWindows;
import org.smalltolarge.spec.SpecLimits;
import org.smalltolarge.spec.StudyPlanner;
import org.smalltolarge.spec.StudySpec;
import org.smalltolarge.spec.StudySpecs;
import org.smalltolarge.spec.Validation;
import org.smalltolarge.trainer.config.TrainerConfig;

/**
 * Trains the first run of a tiny study the way a worker does (spec -> plan -> TrainingRequested, stored and
 * decoded as JSON -> {@link CorpusTrainingData} -> {@link RunExecutor#settingsOf} -> {@link Trainer}, one thread,
 * on the CPU), writes its checkpoint, scores it again from the checkpoint as the evaluator does, and prints
 * {@code key=value} lines: digests of the parameters, the checkpoint files and the scores. Run in two JVMs to see
 * whether anything besides the request decides the result.
 *
 * <p>The study has two distributions and two scales (a valid study needs both); the first run is trained.
 *
 * <p>Arguments: corpus dir (the worker's demo corpus; the study names "demo"), study id, checkpoint root, mixture
 * ("a:3,b:1"), optional token budget.
 */
public final class ReproducibilityLauncher {
    static final String STUDY_TEMPLATE = """
            id: %1$s
            corpus: %2$s
            distributions:
              - name: mix
                mixture: {%3$s}
              - name: other
                mixture: {%3$s}
            scales:
              - name: xs
                model: {d_model: 32, layers: 2, heads: 2, context: 32}
                tokens: %4$d
              - name: ref
                model: {d_model: 64, layers: 2, heads: 2, context: 32}
                tokens: 100000
            reference: ref
            seeds: [7]
            training: {batch_size: 8, learning_rate: 0.003}
            """;

    private ReproducibilityLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: corpus-dir study-id checkpoint-root mixture [tokens]");
        }
        Path corpus = Path.of(args[0]);
        String studyId = args[1];
        Path checkpointRoot = Path.of(args[2]);
        String mixture = args[3].replace(":", ": ").replace(",", ", "); // YAML flow mapping content
        long tokens = args.length > 4 ? Long.parseLong(args[4]) : 40L * 8 * 32;

        TrainingRequested request = requestFor(studyId, "demo", mixture, tokens);
        TrainerConfig config = config(corpus, checkpointRoot);
        RunData data = new CorpusTrainingData(config).open(request);
        Path runDir = checkpointRoot.resolve(request.runId());
        RuntimeSettings runtime = RuntimeSettings.builder().threads(config.threadsPerWorker()).interopThreads(1)
                .device(config.device()).checkpointEvery(config.checkpointEverySteps()).build();
        try (Trainer trainer = Trainer.start(RunExecutor.modelOf(request), RunExecutor.settingsOf(request), runtime,
                request.scale().tokenBudget(), data.description())) {
            trainer.train(data.training(), progress -> {
            }, runDir, () -> false);
            print("steps", trainer.state().step());
            print("params_sha256", parameterDigest(trainer.model().parameterValues()));
        }
        Path last = Checkpoints.latest(runDir).orElseThrow();
        print("windows_sha256", windowDigest(data.training(), 64));
        print("checkpoint_digest", Checkpoints.digest(last));
        for (String file : List.of(Checkpoints.MODEL_FILE, Checkpoints.OPTIMIZER_FILE, Checkpoints.STATE_FILE)) {
            print(file + "_sha256", sha256(Files.readAllBytes(last.resolve(file))));
        }
        print("scores_sha256", scoresFromCheckpoint(last, data.validation()));
    }

    /** The request a worker decodes for the study's first run (stored in MongoDB as JSON, read back). */
    static TrainingRequested requestFor(String studyId, String corpus, String mixture, long tokens) {
        Validation validation = StudySpecs.validate(STUDY_TEMPLATE.formatted(studyId, corpus, mixture, tokens),
                new SpecLimits(100_000_000L, 100_000_000L, 4096, 1000), null);
        if (!validation.valid()) {
            throw new IllegalArgumentException("invalid study: " + validation.errors());
        }
        StudySpec spec = validation.spec();
        var run = StudyPlanner.plan(spec).get(0);
        TrainingRequested request = new TrainingRequested(run.runId(), spec.id(), spec.corpus(), run.distribution(),
                run.scale(), run.seed(), run.role().name().toLowerCase(Locale.ROOT), spec.training(), Instant.now());
        String stored = Document.parse(EventJson.encode(request)).toJson();
        return EventJson.decode(EventType.TRAINING_REQUESTED, stored);
    }

    /** Scores validation windows with a model rebuilt from the checkpoint, as the evaluator rebuilds it. */
    private static String scoresFromCheckpoint(Path checkpoint, TrainingWindows windows) throws IOException {
        Checkpoints.Checkpoint loaded = Checkpoints.load(checkpoint);
        try (NDManager manager = NDManager.newBaseManager(NativeRuntime.resolveDevice("cpu"), "PyTorch");
             GptModel model = GptModel.fromValues(loaded.state().config(), loaded.parameters(), manager)) {
            List<ScoringExample> examples = new ArrayList<>();
            for (long i = 0; i < Math.min(32, windows.count()); i++) {
                examples.add(ScoringExample.wholeSequence(windows.window(i)));
            }
            List<ExampleScore> scores = new Scorer(model, 8).score(examples);
            ByteBuffer bytes = ByteBuffer.allocate(8 * scores.size());
            scores.forEach(s -> bytes.putDouble(s.sumLogProb()));
            return sha256(bytes.array());
        }
    }

    static String parameterDigest(Map<String, float[]> values) {
        MessageDigest digest = sha256();
        values.forEach((name, v) -> {
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            digest.update(b);
        });
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String windowDigest(TrainingWindows windows, int count) {
        MessageDigest digest = sha256();
        for (long i = 0; i < Math.min(count, windows.count()); i++) {
            for (int token : windows.window(i)) {
                digest.update((byte) token);
                digest.update((byte) (token >>> 8));
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void print(String key, Object value) {
        System.out.println(key + "=" + value);
    }

    /** Worker settings as in application.properties, with one training thread on the CPU. */
    static TrainerConfig config(Path corpus, Path checkpoints) {
        return new TrainerConfig() {
            public long maxParams() {
                return 100_000_000L;
            }

            public long maxTokensPerRun() {
                return 100_000_000L;
            }

            public int maxContext() {
                return 4096;
            }

            public int maxRuns() {
                return 1000;
            }

            public int maxSpecBytes() {
                return 8 * 1024 * 1024;
            }

            public int workers() {
                return 1;
            }

            public int threadsPerWorker() {
                return 1;
            }

            public String device() {
                return "cpu";
            }

            public String checkpointDir() {
                return checkpoints.toString();
            }

            public java.util.Optional<String> checkpointStoreUri() {
                return java.util.Optional.empty();
            }

            public String corpusDir() {
                return corpus.toString();
            }

            public int checkpointEverySteps() {
                return 200;
            }

            public int validationWindows() {
                return 64;
            }

            public Duration progressInterval() {
                return Duration.ofSeconds(5);
            }

            public Duration shutdownGrace() {
                return Duration.ofSeconds(90);
            }

            public Duration staleClaimAfter() {
                return Duration.ofMinutes(2);
            }

            public Duration heartbeatInterval() {
                return Duration.ofSeconds(10);
            }

            public int maxTakeovers() {
                return 5;
            }

            public Duration scanInterval() {
                return Duration.ofSeconds(30);
            }
        };
    }
}
