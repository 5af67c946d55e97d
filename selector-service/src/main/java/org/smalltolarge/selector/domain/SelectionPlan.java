package org.smalltolarge.selector.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.smalltolarge.contracts.RequestRejectedException;
import org.smalltolarge.contracts.events.AttributionRequested;
import org.smalltolarge.contracts.events.ExamplePool;
import org.smalltolarge.contracts.events.SelectionRequested;
import org.smalltolarge.contracts.events.StudyRejected.FieldProblem;
import org.smalltolarge.corpus.ByteTokenizer;
import org.smalltolarge.corpus.Corpus;
import org.smalltolarge.corpus.DocumentPools;
import org.smalltolarge.corpus.Split;
import org.smalltolarge.corpus.eval.EvalItem;
import org.smalltolarge.corpus.eval.EvalSuites;
import org.smalltolarge.spec.EvaluationSettings;
import org.smalltolarge.spec.Scale;

/**
 * What a selection request resolves to: the candidate pool, the target items that guide the selection and the
 * holdout items that measure it. The DsDm attribution ({@link #attributionRequest}) and the training study
 * ({@link #studySpec}) are functions of the request, so replaying it asks for the same work under the same ids.
 */
public record SelectionPlan(SelectionRequested request, List<String> pool, List<EvalItem> targets,
                            List<EvalItem> holdout) {

    public static final List<String> METHODS = List.of("dsdm", "dsdm_worst", "dsir", "classifier", "random");
    private static final int MIN_POOL = 8;

    /** Validates {@code request} against {@code corpus} and resolves it; every problem is reported at once. */
    public static SelectionPlan resolve(SelectionRequested request, Corpus corpus) throws RequestRejectedException {
        List<FieldProblem> problems = new ArrayList<>();
        checkSettings(request, problems);
        List<String> pool = pool(request.pool(), corpus, problems);
        if (!pool.isEmpty() && request.size() >= pool.size()) {
            problems.add(new FieldProblem("size", "must be below the pool's " + pool.size() + " documents, got "
                    + request.size()));
        }
        checkMixtures(request, corpus, problems);
        List<EvalItem> items = items(request.task(), corpus, problems);
        if (!problems.isEmpty()) {
            throw new RequestRejectedException(problems);
        }
        int t = request.task().targets();
        return new SelectionPlan(request, List.copyOf(pool), List.copyOf(items.subList(0, t)),
                List.copyOf(items.subList(t, t + request.task().holdout())));
    }

    private static void checkSettings(SelectionRequested r, List<FieldProblem> problems) {
        if (!r.selectionId().matches("[a-z0-9][a-z0-9_-]*")) {
            problems.add(new FieldProblem("selection_id", "must be lower-case letters, digits, '-' or '_', got '"
                    + r.selectionId() + "'"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < r.methods().size(); i++) {
            String m = r.methods().get(i);
            if (!METHODS.contains(m)) {
                problems.add(new FieldProblem("methods[" + i + "]", "unknown method '" + m + "'; known: " + METHODS));
            } else if (!seen.add(m)) {
                problems.add(new FieldProblem("methods[" + i + "]", "'" + m + "' is listed twice"));
            }
        }
        if (r.size() < 1) {
            problems.add(new FieldProblem("size", "must be >= 1, got " + r.size()));
        }
        if (r.proxyScales().isEmpty()) { // the trainer's studies compare scales: a reference alone is no study
            problems.add(new FieldProblem("proxy_scales", "needs at least one proxy scale: DsDm computes its scores"
                    + " with them, and the training study trains them beside the reference on every selection"));
        }
        Set<String> names = new HashSet<>(List.of(r.reference().name()));
        for (int i = 0; i < r.proxyScales().size(); i++) {
            String name = r.proxyScales().get(i).name();
            if (!names.add(name)) {
                problems.add(new FieldProblem("proxy_scales[" + i + "].name", "'" + name
                        + "' is used by the reference or an earlier scale"));
            } else if (!name.matches("[a-z0-9][a-z0-9_-]*")) { // it becomes part of a distribution's name
                problems.add(new FieldProblem("proxy_scales[" + i + "].name",
                        "must be lower-case letters, digits, '-' or '_', got '" + name + "'"));
            }
        }
        if (new HashSet<>(r.trainingSeeds()).size() != r.trainingSeeds().size()) {
            problems.add(new FieldProblem("training_seeds", "lists a seed twice: " + r.trainingSeeds()));
        }
        if (r.randomSelections() < 1) {
            problems.add(new FieldProblem("random_selections", "must be >= 1 (gains are measured against random), got "
                    + r.randomSelections()));
        }
        if (r.ngramBuckets() < 1) {
            problems.add(new FieldProblem("ngram_buckets", "must be >= 1, got " + r.ngramBuckets()));
        }
        boolean dsdm = r.methods().contains("dsdm") || r.methods().contains("dsdm_worst");
        // DsDm's attribution trains its ensembles as a study of their own, which needs two scales and two halves
        if (dsdm && r.proxyScales().size() < 2) {
            problems.add(new FieldProblem("proxy_scales", "dsdm needs at least 2 proxy scales (its attribution's"
                    + " study compares scales), got " + r.proxyScales().size()));
        }
        if (dsdm && r.dsdm().ensemble() < 2) {
            problems.add(new FieldProblem("dsdm.ensemble", "must be >= 2 (the attribution's study trains each half as"
                    + " a distribution of its own, and a study needs two), got " + r.dsdm().ensemble()));
        }
        problems.addAll(AttributionRequested.trakProblems("dsdm.", r.dsdm().projection(), r.dsdm().ridgeLambda(),
                r.dsdm().output()));
    }

    /** Natural distributions: names that no selection takes, known sources, positive weights. */
    private static void checkMixtures(SelectionRequested r, Corpus corpus, List<FieldProblem> problems) {
        for (Map.Entry<String, Map<String, Double>> m : r.mixtures().entrySet()) {
            String at = "mixtures." + m.getKey();
            if (!m.getKey().matches("[a-z0-9_]+")) {
                problems.add(new FieldProblem(at, "a distribution name is lower-case letters, digits and '_'"));
            } else if (m.getKey().startsWith("dsdm") || m.getKey().startsWith("random_")
                    || List.of("dsir", "classifier").contains(m.getKey())) {
                problems.add(new FieldProblem(at, "'" + m.getKey() + "' is a name selections take"));
            }
            if (m.getValue().isEmpty()) {
                problems.add(new FieldProblem(at, "needs at least one data source"));
            }
            m.getValue().forEach((source, weight) -> {
                if (!corpus.domains().contains(source)) {
                    problems.add(new FieldProblem(at + "." + source, "no such data source; known: "
                            + String.join(", ", new java.util.TreeSet<>(corpus.domains()))));
                } else if (weight == null || !(weight > 0) || Double.isInfinite(weight)) {
                    problems.add(new FieldProblem(at + "." + source, "weight must be a finite number > 0"));
                }
            });
        }
    }

    private static List<String> pool(ExamplePool pool, Corpus corpus, List<FieldProblem> problems) {
        if ((pool.mixture() != null) == (pool.examples() != null)) {
            problems.add(new FieldProblem("pool", "needs exactly one of mixture (with size) or examples"));
            return List.of();
        }
        DocumentPools.Problems report = (path, reason) -> problems.add(new FieldProblem(path, reason));
        return pool.mixture() == null
                ? DocumentPools.checkIds(corpus, pool.examples(), "pool.examples", MIN_POOL, report)
                : DocumentPools.draw(corpus, pool.mixture(), pool.size(), pool.seed(), "pool", MIN_POOL, report);
    }

    private static List<EvalItem> items(SelectionRequested.TargetTask task, Corpus corpus,
                                        List<FieldProblem> problems) {
        if (!EvaluationSettings.KNOWN_SUITES.contains(task.suite())) {
            problems.add(new FieldProblem("task.suite", "unknown suite '" + task.suite() + "'; known: "
                    + EvaluationSettings.KNOWN_SUITES));
            return List.of();
        }
        if (task.targets() < 1 || task.holdout() < 1) {
            problems.add(new FieldProblem(task.targets() < 1 ? "task.targets" : "task.holdout", "must be >= 1"));
            return List.of();
        }
        int wanted = task.targets() + task.holdout();
        List<EvalItem> items = EvalSuites.load(corpus.dir(), List.of(task.suite()), wanted).get(task.suite()).items();
        if (items.size() < wanted) {
            problems.add(new FieldProblem("task", "suite '" + task.suite() + "' has only " + items.size()
                    + " items, targets and holdout need " + wanted));
        }
        return items;
    }

    public String id() {
        return request.selectionId();
    }

    public boolean usesDsdm() {
        return request.methods().contains("dsdm") || request.methods().contains("dsdm_worst");
    }

    /** The attribution that computes DsDm's scores: the pool against the targets at every proxy scale. */
    public String attributionId() {
        return id() + "-dsdm";
    }

    /** The study that trains the reference on every selection. */
    public String studyId() {
        return id() + "-train";
    }

    /**
     * The attribution request for DsDm: the pool by explicit ids (the very documents selected from), the targets,
     * every proxy scale (the last one is the attribution's reference), no LDS bank. {@code at} is the time the
     * selection was received, so a replay is the same event.
     */
    public AttributionRequested attributionRequest(Instant at) {
        SelectionRequested.DsdmSettings d = request.dsdm();
        List<Scale> scales = request.proxyScales();
        return new AttributionRequested(attributionId(), request.corpus(), new ExamplePool(null, null, null, pool),
                new AttributionRequested.Targets(request.task().suite(), request.task().targets()), scales,
                scales.get(scales.size() - 1).name(), d.ensemble(), new AttributionRequested.LdsSettings(0,
                request.seed()), d.projection(), d.ridgeLambda(), d.output(), request.training(), at,
                "selector-service:" + id());
    }

    /**
     * The study that trains the reference, and the proxy scales beside it, on every selection (one distribution
     * each) and every natural mixture of the request, with its training seeds; evaluated on the task's suite up to the last holdout item. The
     * comparison uses the reference's runs.
     */
    public Map<String, Object> studySpec(List<Selection> selections) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("id", studyId());
        spec.put("description", "The reference trained on each of the " + selections.size() + " selections of "
                + id() + " (" + request.size() + " of " + pool.size() + " documents each).");
        spec.put("corpus", request.corpus());
        List<Map<String, Object>> distributions = new ArrayList<>();
        for (Selection s : selections) {
            distributions.add(Map.of("name", s.name(), "examples", s.documents()));
        }
        request.mixtures().forEach((name, mixture) -> distributions.add(Map.of("name", name, "mixture", mixture)));
        spec.put("distributions", distributions);
        Scale ref = request.reference();
        List<Map<String, Object>> scales = new ArrayList<>();
        for (Scale scale : request.proxyScales()) {
            scales.add(scaleDoc(scale));
        }
        scales.add(scaleDoc(ref));
        spec.put("scales", scales);
        spec.put("reference", ref.name());
        spec.put("seeds", request.trainingSeeds());
        var t = request.training();
        spec.put("training", Map.of("batch_size", t.batchSize(), "learning_rate", t.learningRate(),
                "warmup_fraction", t.warmupFraction(), "weight_decay", t.weightDecay(), "grad_clip", t.gradClip()));
        spec.put("evaluation", Map.of("suites", List.of(request.task().suite()),
                "max_items_per_suite", request.task().targets() + request.task().holdout()));
        return spec;
    }

    private static Map<String, Object> scaleDoc(Scale s) {
        return Map.of("name", s.name(), "model", Map.of("d_model", s.model().dModel(), "layers", s.model().layers(),
                "heads", s.model().heads(), "context", s.model().context()), "tokens", s.tokenBudget());
    }

    /** The natural mixtures as entries of the comparison: no documents of the pool, their weights as the rule. */
    public List<Selection> mixtureEntries() {
        return request.mixtures().entrySet().stream().map(m -> new Selection(m.getKey(), "mixture", null, List.of(),
                "natural mixture " + new java.util.TreeMap<>(m.getValue()) + " (windows from whole sources)"))
                .toList();
    }

    /** The pool's documents as text (byte tokens decoded), in pool order. */
    public List<String> poolTexts(Corpus corpus) {
        List<String> texts = new ArrayList<>(pool.size());
        for (String id : pool) {
            Corpus.DocRef ref = corpus.locate(id);
            texts.add(ByteTokenizer.decode(corpus.tokens(ref.domain(), Split.TRAIN).docTokens(ref.index())));
        }
        return texts;
    }

    /** The target items as text: each one's context with its right continuation. */
    public List<String> targetTexts() {
        return targets.stream().map(item -> ByteTokenizer.decode(item.sequence(item.correct()))).toList();
    }
}
