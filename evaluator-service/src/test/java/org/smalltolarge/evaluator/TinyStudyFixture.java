package org.smalltolarge.evaluator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.smalltolarge.contracts.events.StudyPlanned;
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.corpus.Corpus;
import org.smalltolarge.corpus.MixtureSampler;
import org.smalltolarge.corpus.Split;
import org.smalltolarge.corpus.eval.EvalItem;
import org.smalltolarge.corpus.eval.EvalSuites;
import org.smalltolarge.corpus.eval.SuiteLine;
import org.smalltolarge.lm.Checkpoints;
import org.smalltolarge.lm.GptConfig;
import org.smalltolarge.lm.Hyperparameters;
import org.smalltolarge.lm.ProgressListener;
import org.smalltolarge.lm.RuntimeSettings;
import org.smalltolarge.lm.Trainer;
import org.smalltolarge.lm.TrainingState;
import org.smalltolarge.lm.TrainingWindows;

/**
 * A real, tiny small-to-large study for the tests: the fixture corpus (two domains of real English text) in a
 * temp folder, three evaluation suites built from its held-out documents (held-out text, last word of a
 * sentence, which text continues a passage), and nine GPT checkpoints really trained with lm-core: three
 * distributions (fiction-heavy, balanced, speech-heavy) times two proxy scales and the reference scale.
 * Built once per JVM; each test builds its own study ids and events on top of these checkpoints.
 */
public final class TinyStudyFixture {
    public static final List<String> SUITES = List.of("heldout", "lastword", "continuation");
    public static final int MAX_ITEMS = 24;
    public static final List<String> DISTRIBUTIONS = List.of("fiction_heavy", "balanced", "speech_heavy");
    public static final List<String> PROXY_SCALES = List.of("xs", "s");
    public static final String REFERENCE = "ref";
    static final int CONTEXT = 64;

    private static TinyStudyFixture instance;

    /** The training text (a bring-your-own corpus folder). */
    public final Path trainingCorpus;
    /** What evaluator.corpus-dir points at: a folder with suites/ (kept apart: a BYO corpus reads every *.jsonl). */
    public final Path corpusDir;
    /** Key: distribution + "@" + scale. */
    private final Map<String, Trained> models = new LinkedHashMap<>();
    /** Where {@link #checkpointOf} links each run id's folder. */
    private Path runsRoot;

    record Trained(String distribution, String scale, long parameters, long tokens, double loss, Path checkpoint,
            String sha256) {
    }

    public static synchronized TinyStudyFixture get() {
        if (instance == null) {
            instance = new TinyStudyFixture();
        }
        return instance;
    }

    private TinyStudyFixture() {
        Path root = fixtureRoot();
        trainingCorpus = root.resolve("corpus");
        corpusDir = root.resolve("suites-corpus");
        try {
            Path checkpoints = Files.createDirectories(root.resolve("checkpoints-" + System.nanoTime()));
            runsRoot = Files.createDirectories(checkpoints.resolve("runs"));
            train(checkpoints);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The folder that evaluator.corpus-dir names, ready without any native code: a test profile asks for it
     * before Quarkus starts, in another class loader than the test (libtorch may load in one class loader only,
     * so training happens in the test's). Same path for both: a folder per JVM, filled once.
     */
    public static synchronized Path suitesCorpus() {
        return fixtureRoot().resolve("suites-corpus");
    }

    private static synchronized Path fixtureRoot() {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "s2l-eval-fixture-" + ProcessHandle.current().pid());
        Path suites = root.resolve("suites-corpus");
        if (Files.isRegularFile(EvalSuites.suitesDir(suites).resolve(EvalSuites.MANIFEST))) {
            return root;
        }
        try {
            Path corpus = Files.createDirectories(root.resolve("corpus"));
            for (String name : List.of("fiction.jsonl", "speeches.jsonl")) {
                try (InputStream in = TinyStudyFixture.class.getResourceAsStream("/corpus/" + name)) {
                    Files.copy(in, corpus.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            writeSuites(corpus, Files.createDirectories(suites));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }

    // ---- events ----

    public static String runId(String studyId, String distribution, String scale) {
        return studyId + "-" + distribution + "-" + scale;
    }

    public List<String> scales() {
        List<String> all = new ArrayList<>(PROXY_SCALES);
        all.add(REFERENCE);
        return all;
    }

    public StudyPlanned plan(String studyId) {
        List<StudyPlanned.PlannedRunSummary> runs = new ArrayList<>();
        for (String scale : scales()) {
            for (String d : DISTRIBUTIONS) {
                Trained t = models.get(d + "@" + scale);
                runs.add(new StudyPlanned.PlannedRunSummary(runId(studyId, d, scale), d, scale, 7,
                        REFERENCE.equals(scale) ? "reference" : "proxy", t.parameters, t.tokens,
                        6.0 * t.parameters * t.tokens));
            }
        }
        return new StudyPlanned(studyId, "0".repeat(64), REFERENCE, SUITES, MAX_ITEMS, runs, Instant.now());
    }

    public List<TrainingCompleted> completions(String studyId) {
        List<TrainingCompleted> out = new ArrayList<>();
        for (String scale : scales()) {
            for (String d : DISTRIBUTIONS) {
                out.add(completion(studyId, d, scale));
            }
        }
        return out;
    }

    public TrainingCompleted completion(String studyId, String distribution, String scale) {
        Trained t = models.get(distribution + "@" + scale);
        String runId = runId(studyId, distribution, scale);
        return new TrainingCompleted(runId, studyId, checkpointOf(runId, distribution, scale).toUri().toString(),
                t.sha256, t.loss, t.loss, t.parameters, t.tokens, 6.0 * t.parameters * t.tokens, 1.0, "cpu",
                Instant.now());
    }

    /** The trained model of a distribution and scale, where its checkpoint was written. */
    public Path checkpoint(String distribution, String scale) {
        return models.get(distribution + "@" + scale).checkpoint;
    }

    /**
     * The same model as run {@code runId}'s final checkpoint, laid out as the trainer's store lays it out
     * ({@code <store>/<run id>/step-N}): a link per run id to the folder it was trained in, since consumers refuse a
     * checkpoint outside the announced run's folder.
     */
    public Path checkpointOf(String runId, String distribution, String scale) {
        Path trained = checkpoint(distribution, scale);
        Path runFolder = runsRoot.resolve(runId);
        try {
            if (!Files.exists(runFolder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(runFolder, trained.getParent());
            }
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // another test thread linked it first: same target
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return runFolder.resolve(trained.getFileName());
    }

    // ---- training ----

    private void train(Path root) throws IOException {
        Corpus corpus = Corpus.open(trainingCorpus);
        Map<String, Map<String, Double>> mixtures = Map.of(
                "fiction_heavy", Map.of("fiction", 3.0, "speeches", 1.0),
                "balanced", Map.of("fiction", 1.0, "speeches", 1.0),
                "speech_heavy", Map.of("fiction", 1.0, "speeches", 3.0));
        Map<String, GptConfig> shapes = Map.of(
                "xs", GptConfig.bytes(CONTEXT, 16, 1, 2),
                "s", GptConfig.bytes(CONTEXT, 24, 1, 2),
                REFERENCE, GptConfig.bytes(CONTEXT, 32, 2, 2));
        Map<String, Long> budgets = Map.of("xs", 8192L, "s", 16384L, REFERENCE, 32768L);
        for (String scale : scales()) {
            for (String d : DISTRIBUTIONS) {
                long budget = budgets.get(scale);
                MixtureSampler sampler = MixtureSampler.ofWeights(corpus, mixtures.get(d), CONTEXT, budget, 7);
                TrainingWindows windows = new TrainingWindows() {
                    @Override
                    public int context() {
                        return CONTEXT;
                    }

                    @Override
                    public long count() {
                        return sampler.windowCount();
                    }

                    @Override
                    public int[] window(long index) {
                        return sampler.window(index);
                    }
                };
                Hyperparameters hyperparameters = Hyperparameters.builder().batchSize(16).learningRate(1e-2, 1e-3, 2)
                        .clipNorm(1.0).weightDecay(0.0).betas(0.9, 0.95).epsilon(1e-8).seed(7).build();
                RuntimeSettings runtime = RuntimeSettings.builder().threads(1).device("cpu").checkpointEvery(0).build();
                Path dir = root.resolve(d + "-" + scale);
                TrainingState state;
                try (Trainer trainer = Trainer.start(shapes.get(scale), hyperparameters, runtime, budget,
                        Map.of("corpus", trainingCorpus.toString(), "distribution", d))) {
                    state = trainer.train(windows, ProgressListener.NONE, dir, () -> false);
                }
                Path checkpoint = Checkpoints.latest(dir).orElseThrow();
                models.put(d + "@" + scale, new Trained(d, scale, state.config().parameters(), state.tokensSeen(),
                        state.lastLoss(), checkpoint, sha256(checkpoint.resolve(Checkpoints.MANIFEST_FILE))));
            }
        }
    }

    public static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- suites ----

    /** Held-out (validation and test split) documents of each domain, in file order. */
    private static Map<String, List<String[]>> heldOut(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, List<String[]>> out = new LinkedHashMap<>();
        for (String domain : List.of("fiction", "speeches")) {
            List<String[]> docs = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve(domain + ".jsonl"), StandardCharsets.UTF_8)) {
                JsonNode n = json.readTree(line);
                if (Split.of(n.get("id").asText()) != Split.TRAIN) {
                    docs.add(new String[] {n.get("id").asText(), n.get("text").asText()});
                }
            }
            out.put(domain, docs);
        }
        return out;
    }

    /**
     * Three suites in the corpus's own format (suites/*.jsonl and manifest), from documents no model trained on:
     * windows of held-out text (TEXT), the word ending a sentence (CLOZE), and which of two snippets continues a
     * passage, the true one or one from the other domain (CHOICE, 2 options).
     */
    static void writeSuites(Path corpus, Path dir) throws IOException {
        Map<String, List<String[]>> docs = heldOut(corpus);
        List<SuiteLine> heldout = new ArrayList<>();
        List<SuiteLine> lastword = new ArrayList<>();
        List<SuiteLine> continuation = new ArrayList<>();
        List<String> domains = new ArrayList<>(docs.keySet());
        java.util.regex.Pattern sentenceEnd = java.util.regex.Pattern.compile(" ([A-Za-z]{3,})\\. ");
        for (int di = 0; di < domains.size(); di++) {
            String domain = domains.get(di);
            List<String[]> other = docs.get(domains.get(1 - di));
            List<String[]> mine = docs.get(domain);
            for (int k = 0; k < mine.size(); k++) {
                String id = mine.get(k)[0];
                String text = mine.get(k)[1];
                for (int w = 0; w + 48 <= Math.min(text.length(), 480); w += 160) {
                    heldout.add(new SuiteLine("heldout/" + id + "/" + w, "heldout", EvalItem.Kind.TEXT, domain, "",
                            List.of(text.substring(w, w + 48)), 0));
                }
                java.util.regex.Matcher m = sentenceEnd.matcher(text);
                int found = 0;
                while (m.find() && found < 3) {
                    if (m.start(1) >= 40) {
                        lastword.add(new SuiteLine("lastword/" + id + "/" + m.start(1), "lastword",
                                EvalItem.Kind.CLOZE, domain, text.substring(m.start(1) - 40, m.start(1)),
                                List.of(m.group(1)), 0));
                        found++;
                    }
                }
                String foreign = other.get(k % other.size())[1];
                for (int w = 0; w + 56 <= Math.min(text.length(), Math.min(foreign.length(), 400)); w += 200) {
                    String truth = text.substring(w + 40, w + 56);
                    String decoy = foreign.substring(w + 40, w + 56);
                    int answer = (k + w / 200) % 2;
                    List<String> options = answer == 0 ? List.of(truth, decoy) : List.of(decoy, truth);
                    continuation.add(new SuiteLine("continuation/" + id + "/" + w, "continuation",
                            EvalItem.Kind.CHOICE, domain, text.substring(w, w + 40), options, answer));
                }
            }
        }
        EvalSuites.writeManifest(dir, List.of(
                EvalSuites.write(dir, "heldout", 1, "mean loss over the window", interleave(heldout)),
                EvalSuites.write(dir, "lastword", 1, "loss of the answer; greedy accuracy", interleave(lastword)),
                EvalSuites.write(dir, "continuation", 1, "highest log-likelihood option", interleave(continuation))));
    }

    /** Alternates domains, so the first MAX_ITEMS items cover both. */
    private static List<SuiteLine> interleave(List<SuiteLine> lines) {
        List<SuiteLine> a = lines.stream().filter(l -> "fiction".equals(l.domain())).toList();
        List<SuiteLine> b = lines.stream().filter(l -> !"fiction".equals(l.domain())).toList();
        List<SuiteLine> out = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size()) {
                out.add(a.get(i));
            }
            if (i < b.size()) {
                out.add(b.get(i));
            }
        }
        return out;
    }
}
