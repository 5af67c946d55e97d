package org.smalltolarge.attribution.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.smalltolarge.contracts.RequestRejectedException;
import org.smalltolarge.contracts.events.AttributionRequested;
import org.smalltolarge.contracts.events.ExamplePool;
import org.smalltolarge.contracts.events.StudyRejected.FieldProblem;
import org.smalltolarge.corpus.Corpus;
import org.smalltolarge.corpus.DocumentPools;
import org.smalltolarge.corpus.eval.EvalItem;
import org.smalltolarge.corpus.eval.EvalSuites;
import org.smalltolarge.spec.Distribution;
import org.smalltolarge.spec.EvaluationSettings;
import org.smalltolarge.spec.Scale;

/**
 * What an attribution request resolves to: the pool of training documents, the target items, and the random halves
 * of the pool that models are trained on, {@code ensemble_<m>} (TRAK's ensemble, per scale) and {@code subset_<j>}
 * (the LDS bank, the same halves at every scale). Every model is one run of the study {@link #studyId()}, which the
 * trainer plans and trains like any other: distributions x scales, seed 0.
 *
 * <p>Everything is a function of the request and the corpus: replaying the request gives the same plan.
 */
public record AttributionPlan(AttributionRequested request, List<String> pool, List<EvalItem> targets,
                              List<boolean[]> ensembleMasks, List<boolean[]> subsetMasks) {

    public static final String ENSEMBLE = "ensemble_";
    public static final String SUBSET = "subset_";
    /** Fewer documents make halves too small to rank. */
    private static final int MIN_POOL = 8;

    /** Validates {@code request} against {@code corpus} and resolves it; every problem is reported at once. */
    public static AttributionPlan resolve(AttributionRequested request, Corpus corpus) throws RequestRejectedException {
        List<FieldProblem> problems = new ArrayList<>();
        checkSettings(request, problems);
        List<String> pool = pool(request.trainingSet(), corpus, problems);
        List<EvalItem> targets = targets(request.targets(), corpus, problems);
        if (!problems.isEmpty()) {
            throw new RequestRejectedException(problems);
        }
        long seed = request.lds().seed();
        List<boolean[]> ensemble = new ArrayList<>();
        for (int m = 0; m < request.ensemble(); m++) {
            ensemble.add(half(pool.size(), seed, "ensemble", m));
        }
        List<boolean[]> subsets = new ArrayList<>();
        for (int j = 0; j < request.lds().subsets(); j++) {
            subsets.add(half(pool.size(), seed, "subset", j));
        }
        return new AttributionPlan(request, List.copyOf(pool), List.copyOf(targets), List.copyOf(ensemble),
                List.copyOf(subsets));
    }

    private static void checkSettings(AttributionRequested r, List<FieldProblem> problems) {
        if (!r.attributionId().matches("[a-z0-9][a-z0-9_-]*")) {
            problems.add(new FieldProblem("attribution_id", "must be lower-case letters, digits, '-' or '_', got '"
                    + r.attributionId() + "'"));
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < r.scales().size(); i++) {
            Scale s = r.scales().get(i);
            String at = "scales[" + i + "]";
            if (names.contains(s.name())) {
                problems.add(new FieldProblem(at + ".name", "'" + s.name() + "' is used by an earlier scale"));
            }
            names.add(s.name()); // a model shape whose heads do not divide d_model does not even decode
        }
        if (!names.contains(r.reference())) {
            problems.add(new FieldProblem("reference", "names no scale of this request; scales are " + names));
        }
        if (r.ensemble() < 1) {
            problems.add(new FieldProblem("ensemble", "must be >= 1, got " + r.ensemble()));
        }
        if (r.lds().subsets() != 0 && r.lds().subsets() < 4) {
            problems.add(new FieldProblem("lds.subsets", "must be 0 (scores only, no LDS check) or >= 4 (a rank"
                    + " correlation over subsets), got " + r.lds().subsets()));
        }
        problems.addAll(AttributionRequested.trakProblems("", r.projection(), r.ridgeLambda(), r.output()));
    }

    private static List<String> pool(ExamplePool set, Corpus corpus, List<FieldProblem> problems) {
        if ((set.mixture() != null) == (set.examples() != null)) {
            problems.add(new FieldProblem("training_set", "needs exactly one of mixture (with size) or examples"));
            return List.of();
        }
        DocumentPools.Problems report = (path, reason) -> problems.add(new FieldProblem(path, reason));
        return set.mixture() == null
                ? DocumentPools.checkIds(corpus, set.examples(), "training_set.examples", MIN_POOL, report)
                : DocumentPools.draw(corpus, set.mixture(), set.size(), set.seed(), "training_set", MIN_POOL, report);
    }

    /** A seeded random half (floor(n / 2) members) of n pool positions. */
    static boolean[] half(int n, long seed, String kind, int index) {
        boolean[] mask = new boolean[n];
        for (int i : DocumentPools.sampleWithoutReplacement(n, n / 2, seed + 31L * index, kind + "/" + index)) {
            mask[i] = true;
        }
        return mask;
    }

    private static List<EvalItem> targets(AttributionRequested.Targets targets, Corpus corpus,
                                          List<FieldProblem> problems) {
        if (!EvaluationSettings.KNOWN_SUITES.contains(targets.suite())) {
            problems.add(new FieldProblem("targets.suite", "unknown suite '" + targets.suite() + "'; known: "
                    + EvaluationSettings.KNOWN_SUITES));
            return List.of();
        }
        if (targets.items() < 1) {
            problems.add(new FieldProblem("targets.items", "must be >= 1, got " + targets.items()));
            return List.of();
        }
        List<EvalItem> items = EvalSuites.load(corpus.dir(), List.of(targets.suite()), targets.items())
                .get(targets.suite()).items();
        if (items.size() < targets.items()) {
            problems.add(new FieldProblem("targets.items", "suite '" + targets.suite() + "' has only " + items.size()
                    + " items, asked for " + targets.items()));
        }
        return items;
    }

    /** The study that trains every model: its id is the attribution id with "-models". */
    public String studyId() {
        return request.attributionId() + "-models";
    }

    /** The trainer's distributions: ensemble halves, then the LDS subsets, as explicit example lists. */
    public List<Distribution> distributions() {
        List<Distribution> out = new ArrayList<>();
        for (int m = 0; m < ensembleMasks.size(); m++) {
            out.add(Distribution.ofExamples(ENSEMBLE + m, members(ensembleMasks.get(m))));
        }
        for (int j = 0; j < subsetMasks.size(); j++) {
            out.add(Distribution.ofExamples(SUBSET + j, members(subsetMasks.get(j))));
        }
        return out;
    }

    private List<String> members(boolean[] mask) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                ids.add(pool.get(i));
            }
        }
        ids.sort(null);
        return ids;
    }

    /**
     * The study spec document (as a study request carries it) that trains every model of this plan: every
     * distribution at every scale, seed 0, the request's training settings; evaluated on the target suite only.
     */
    public Map<String, Object> studySpec() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("id", studyId());
        spec.put("description", "Models of attribution " + request.attributionId() + ": " + ensembleMasks.size()
                + " ensemble and " + subsetMasks.size() + " LDS halves of a pool of " + pool.size()
                + " documents, at every scale.");
        spec.put("corpus", request.corpus());
        List<Map<String, Object>> distributions = new ArrayList<>();
        for (Distribution d : distributions()) {
            distributions.add(Map.of("name", d.name(), "examples", d.examples()));
        }
        spec.put("distributions", distributions);
        List<Map<String, Object>> scales = new ArrayList<>();
        for (Scale s : request.scales()) {
            scales.add(Map.of("name", s.name(), "model", Map.of("d_model", s.model().dModel(), "layers",
                    s.model().layers(), "heads", s.model().heads(), "context", s.model().context()),
                    "tokens", s.tokenBudget()));
        }
        spec.put("scales", scales);
        spec.put("reference", request.reference());
        spec.put("seeds", List.of(0));
        var t = request.training();
        spec.put("training", Map.of("batch_size", t.batchSize(), "learning_rate", t.learningRate(),
                "warmup_fraction", t.warmupFraction(), "weight_decay", t.weightDecay(), "grad_clip", t.gradClip()));
        spec.put("evaluation", Map.of("suites", List.of(request.targets().suite()),
                "max_items_per_suite", request.targets().items()));
        return spec;
    }
}
