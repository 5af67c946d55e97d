package org.smalltolarge.attribution.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.smalltolarge.attribution.trak.Lds;
import org.smalltolarge.attribution.trak.ScaleAgreement;
import org.smalltolarge.attribution.trak.TrakEstimator;
import org.smalltolarge.corpus.Corpus;
import org.smalltolarge.corpus.TokenFile;
import org.smalltolarge.corpus.eval.EvalItem;
import org.smalltolarge.lm.ExampleScore;
import org.smalltolarge.lm.LoadedModel;
import org.smalltolarge.lm.Scorer;
import org.smalltolarge.lm.ScoringExample;
import org.smalltolarge.lm.gradients.FeatureMatrixFile;
import org.smalltolarge.lm.gradients.GradientFeaturizer;
import org.smalltolarge.lm.gradients.OutputFunction;
import org.smalltolarge.spec.Scale;

/**
 * Computes an attribution plan's results from its trained models: per scale, the features of every pool document
 * and target on each ensemble model, TRAK scores, the outputs of the LDS subset models on the targets, LDS against
 * the reference's bank and the scale's own, and agreement with the reference's scores.
 *
 * <p>Resumable and idempotent: features are written row by row to feature files with done marks, subset outputs
 * and score matrices to files written atomically; a second call (after a crash, or a replayed request) computes only
 * what is missing and gives the same numbers.
 *
 * <p>A pool document is represented by up to {@link #WINDOWS_PER_DOCUMENT} windows of context + 1 tokens spread
 * evenly over it (every token scored): its features and Q are the means over its windows (documents are long, and
 * the models train on windows drawn from all of them). A target is its item's sequence for the correct option,
 * answer tokens scored (as the evaluator scores it).
 */
public final class AttributionComputation {

    /** What was done in one call: for progress and for tests of resumption. */
    public interface Listener {
        default void featurized(String scale, String model, int rows) {
        }

        default void scored(String scale, String model) {
        }
    }

    /**
     * Per scale: LDS against the reference's subset models and its own (both null when the request has no LDS bank),
     * and agreement with the reference.
     */
    public record ScaleResult(String scale, long parameters, double flopsPerModel, Lds.Result lds,
                              Lds.Result ldsOwnScale, ScaleAgreement.Result agreement, Path scores,
                              Map<Integer, Lds.Result> ldsByEnsembleSize) {
    }

    /** Ensemble sizes whose scores are kept for the LDS-against-ensemble-size curve (and the full ensemble). */
    static List<Integer> curveSizes(int ensemble) {
        List<Integer> sizes = new ArrayList<>();
        for (int m : new int[]{1, 2, 5, 10, 20, 50, 100}) {
            if (m < ensemble) {
                sizes.add(m);
            }
        }
        sizes.add(ensemble);
        return sizes;
    }

    /** Windows featurized per pool document (fewer when the document is shorter). */
    public static final int WINDOWS_PER_DOCUMENT = 4;
    private static final int BATCH = 16;
    private static final int RESAMPLES = 1000;

    private final AttributionPlan plan;
    private final Corpus corpus;
    private final ModelSource models;
    private final Path work;
    private final int threads;
    private final Listener listener;
    private final OutputFunction output;

    public AttributionComputation(AttributionPlan plan, Corpus corpus, ModelSource models, Path work, int threads,
                                  Listener listener) {
        this.plan = plan;
        this.corpus = corpus;
        this.models = models;
        this.work = work;
        this.threads = threads;
        this.listener = listener;
        this.output = OutputFunction.named(plan.request().output());
    }

    /** Everything, in scale order; each scale's agreement compares its scores with the reference's. */
    public List<ScaleResult> run(Runnable heartbeat) throws IOException {
        org.smalltolarge.lm.NativeRuntime.configureThreads(threads, 1);
        Map<String, double[]> scores = new LinkedHashMap<>();
        Map<String, double[][]> bank = new LinkedHashMap<>();
        for (Scale scale : plan.request().scales()) {
            scores.put(scale.name(), scores(scale, heartbeat));
            bank.put(scale.name(), subsetOutputs(scale, heartbeat));
        }
        String reference = plan.request().reference();
        int n = plan.pool().size();
        boolean[][] masks = plan.subsetMasks().toArray(new boolean[0][]);
        List<ScaleResult> results = new ArrayList<>();
        for (Scale scale : plan.request().scales()) {
            double[] tau = scores.get(scale.name());
            ScaleAgreement.Result agreement = scale.name().equals(reference) ? null
                    : ScaleAgreement.compare(tau, scores.get(reference), n, 0.01);
            if (masks.length == 0) { // scores only (a selection's request): no LDS bank to check them against
                results.add(new ScaleResult(scale.name(), scale.model().parameters(), scale.flops(), null, null,
                        agreement, scoresFile(scale), Map.of()));
                continue;
            }
            Lds.Result lds = Lds.compute(tau, n, masks, bank.get(reference), RESAMPLES, plan.request().lds().seed());
            Lds.Result own = Lds.compute(tau, n, masks, bank.get(scale.name()), RESAMPLES,
                    plan.request().lds().seed());
            Map<Integer, Lds.Result> curve = new LinkedHashMap<>();
            for (int m : curveSizes(plan.ensembleMasks().size())) {
                if (m == plan.ensembleMasks().size()) {
                    curve.put(m, lds);
                } else if (Files.isRegularFile(partialScoresFile(scale, m))) { // absent if scored by an older version
                    double[] partial = ScoreFile.read(partialScoresFile(scale, m), plan.targets().size(), n);
                    curve.put(m, Lds.compute(partial, n, masks, bank.get(reference), RESAMPLES,
                            plan.request().lds().seed()));
                }
            }
            results.add(new ScaleResult(scale.name(), scale.model().parameters(), scale.flops(), lds, own, agreement,
                    scoresFile(scale), curve));
        }
        return results;
    }

    private Path scaleDir(Scale scale) {
        return work.resolve(scale.name());
    }

    private Path scoresFile(Scale scale) {
        return scaleDir(scale).resolve("scores.f64");
    }

    /** The scores of the first {@code models} ensemble models (for the ensemble-size curve). */
    private Path partialScoresFile(Scale scale, int models) {
        return scaleDir(scale).resolve("scores-first-" + models + ".f64");
    }

    /** The scale's TRAK scores (targets x pool), from the saved file when an earlier call computed them. */
    private double[] scores(Scale scale, Runnable heartbeat) throws IOException {
        Path file = scoresFile(scale);
        int t = plan.targets().size();
        int n = plan.pool().size();
        if (Files.isRegularFile(file)) {
            return ScoreFile.read(file, t, n);
        }
        List<int[]> windowsOfDocument = new ArrayList<>();
        List<ScoringExample> poolExamples = poolWindows(scale.model().context(), windowsOfDocument);
        List<ScoringExample> targetExamples = targetExamples();
        try (TrakEstimator trak = new TrakEstimator(t, n, plan.request().ridgeLambda())) {
            for (int m = 0; m < plan.ensembleMasks().size(); m++) {
                String model = AttributionPlan.ENSEMBLE + m;
                Path checkpoint = models.checkpoint(scale.name(), model);
                try (LoadedModel loaded = LoadedModel.open(checkpoint, "auto");
                     GradientFeaturizer featurizer = new GradientFeaturizer(loaded.model(), featurizerSettings());
                     FeatureMatrixFile train = featureFile(scale, model + ".pool", poolExamples.size(),
                             featurizer.dimension());
                     FeatureMatrixFile targets = featureFile(scale, model + ".targets", t, featurizer.dimension())) {
                    featurizeMissing(featurizer, poolExamples, train, scale, model, heartbeat);
                    featurizeMissing(featurizer, targetExamples, targets, scale, model, heartbeat);
                    trak.addModel(documentRows(train, windowsOfDocument), documentQ(train, windowsOfDocument),
                            rows(targets));
                }
                if (m + 1 < plan.ensembleMasks().size() && curveSizes(plan.ensembleMasks().size()).contains(m + 1)) {
                    ScoreFile.write(partialScoresFile(scale, m + 1), trak.scores(), t, n);
                }
            }
            double[] tau = trak.scores();
            ScoreFile.write(file, tau, t, n);
            return tau;
        }
    }

    private GradientFeaturizer.Settings featurizerSettings() {
        var p = plan.request().projection();
        return GradientFeaturizer.builder()
                .projection(p.kind().equals("sparse_jl") ? GradientFeaturizer.Projection.SPARSE_JL
                        : GradientFeaturizer.Projection.FACTORED)
                .dimension(p.k()).seed(p.seed()).output(output).batchSize(BATCH).build();
    }

    private FeatureMatrixFile featureFile(Scale scale, String name, int rows, int dimension) throws IOException {
        return FeatureMatrixFile.open(scaleDir(scale).resolve(name + ".feat"), rows, dimension);
    }

    /** Featurizes only the rows not yet done, so an interrupted call continues where it stopped. */
    private void featurizeMissing(GradientFeaturizer featurizer, List<ScoringExample> examples, FeatureMatrixFile file,
                                  Scale scale, String model, Runnable heartbeat) throws IOException {
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            if (!file.isDone(i)) {
                missing.add(i);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        List<ScoringExample> todo = missing.stream().map(examples::get).toList();
        featurizer.featurize(todo, (i, f, out, q) -> file.accept(missing.get(i), f, out, q), heartbeat);
        file.force();
        listener.featurized(scale.name(), model, missing.size());
    }

    /** Per document: the mean of its windows' features. */
    private static TrakEstimator.FeatureRows documentRows(FeatureMatrixFile file, List<int[]> windowsOfDocument) {
        return new TrakEstimator.FeatureRows() {
            @Override
            public int rows() {
                return windowsOfDocument.size();
            }

            @Override
            public int dimension() {
                return file.dimension();
            }

            @Override
            public float[] read(int from, int count) {
                int k = file.dimension();
                float[] out = new float[count * k];
                try {
                    for (int r = 0; r < count; r++) {
                        int[] windows = windowsOfDocument.get(from + r);
                        double[] sum = new double[k];
                        for (int w = windows[0]; w < windows[1]; w++) {
                            float[] f = file.features(w);
                            for (int c = 0; c < k; c++) {
                                sum[c] += f[c];
                            }
                        }
                        for (int c = 0; c < k; c++) {
                            out[r * k + c] = (float) (sum[c] / (windows[1] - windows[0]));
                        }
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return out;
            }
        };
    }

    private static double[] documentQ(FeatureMatrixFile file, List<int[]> windowsOfDocument) throws IOException {
        double[] q = new double[windowsOfDocument.size()];
        for (int i = 0; i < q.length; i++) {
            int[] windows = windowsOfDocument.get(i);
            for (int w = windows[0]; w < windows[1]; w++) {
                q[i] += file.outToLoss(w);
            }
            q[i] /= windows[1] - windows[0];
        }
        return q;
    }

    private static TrakEstimator.FeatureRows rows(FeatureMatrixFile file) {
        return new TrakEstimator.FeatureRows() {
            @Override
            public int rows() {
                return file.rows();
            }

            @Override
            public int dimension() {
                return file.dimension();
            }

            @Override
            public float[] read(int from, int count) {
                float[] out = new float[count * file.dimension()];
                try {
                    for (int r = 0; r < count; r++) {
                        System.arraycopy(file.features(from + r), 0, out, r * file.dimension(), file.dimension());
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return out;
            }
        };
    }

    /** Each LDS subset model's output on every target: (subsets x targets), saved per model once computed. */
    private double[][] subsetOutputs(Scale scale, Runnable heartbeat) throws IOException {
        List<ScoringExample> targets = targetExamples();
        double[][] outputs = new double[plan.subsetMasks().size()][];
        ObjectMapper json = new ObjectMapper();
        for (int j = 0; j < outputs.length; j++) {
            String model = AttributionPlan.SUBSET + j;
            Path file = scaleDir(scale).resolve("outputs").resolve(model + ".json");
            if (Files.isRegularFile(file)) {
                outputs[j] = json.readValue(file.toFile(), double[].class);
                continue;
            }
            try (LoadedModel loaded = LoadedModel.open(models.checkpoint(scale.name(), model), "auto")) {
                List<ExampleScore> scored = new Scorer(loaded.model(), 32).score(targets);
                double[] values = new double[scored.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = output.value(scored.get(i).meanNll());
                }
                outputs[j] = values;
            }
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(model + ".json.tmp");
            json.writeValue(tmp.toFile(), outputs[j]);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            listener.scored(scale.name(), model);
            heartbeat.run();
        }
        return outputs;
    }

    /**
     * The windows of every pool document, in pool order; {@code windowsOfDocument} receives per document the
     * [first, end) range of its windows.
     */
    private List<ScoringExample> poolWindows(int context, List<int[]> windowsOfDocument) {
        List<ScoringExample> examples = new ArrayList<>();
        int length = context + 1;
        for (String id : plan.pool()) {
            Corpus.DocRef ref = corpus.locate(id);
            TokenFile tokens = corpus.tokens(ref.domain(), ref.split());
            int[] doc = tokens.docTokens(ref.index());
            if (doc.length < 2) {
                throw new IllegalStateException("pool document '" + id + "' has " + doc.length
                        + " token(s); a training example needs at least 2");
            }
            int first = examples.size();
            int windows = Math.max(1, Math.min(WINDOWS_PER_DOCUMENT, doc.length / length));
            long span = Math.max(0, doc.length - length);
            for (int w = 0; w < windows; w++) {
                int start = windows == 1 ? 0 : (int) (span * w / (windows - 1));
                examples.add(ScoringExample.wholeSequence(
                        Arrays.copyOfRange(doc, start, Math.min(doc.length, start + length))));
            }
            windowsOfDocument.add(new int[]{first, examples.size()});
        }
        return examples;
    }

    private List<ScoringExample> targetExamples() {
        List<ScoringExample> examples = new ArrayList<>(plan.targets().size());
        for (EvalItem item : plan.targets()) {
            examples.add(new ScoringExample(item.sequence(item.correct()), item.scoredMask(item.correct())));
        }
        return examples;
    }
}
