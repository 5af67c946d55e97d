package org.smalltolarge.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoublePredicate;

/** Reads the optional {@code training}, {@code evaluation} and {@code analysis} sections, applying defaults. */
final class SettingsReader {

    private static final Set<String> TRAINING_FIELDS =
            Set.of("batch_size", "learning_rate", "warmup_fraction", "weight_decay", "grad_clip");
    private static final Set<String> EVALUATION_FIELDS = Set.of("suites", "max_items_per_suite");
    private static final Set<String> ANALYSIS_FIELDS = Set.of("recommend_min_correlation");

    private final Problems problems;
    private final Fields fields;

    SettingsReader(Problems problems) {
        this.problems = problems;
        this.fields = new Fields(problems);
    }

    TrainingSettings readTraining(ObjectNode doc) {
        JsonNode node = Fields.optional(doc, "training");
        if (node == null) {
            return TrainingSettings.DEFAULTS;
        }
        ObjectNode obj = fields.object(node, "training", TRAINING_FIELDS);
        if (obj == null) {
            return null;
        }
        int before = problems.count();
        TrainingSettings d = TrainingSettings.DEFAULTS;
        JsonNode batchNode = Fields.optional(obj, "batch_size");
        Integer batchSize = batchNode == null ? Integer.valueOf(d.batchSize())
                : fields.positiveInt(batchNode, "training.batch_size");
        Double learningRate = readReal(obj, "learning_rate", d.learningRate(), v -> v > 0, "> 0");
        Double warmup = readReal(obj, "warmup_fraction", d.warmupFraction(), v -> v >= 0 && v < 1, "in [0, 1)");
        Double weightDecay = readReal(obj, "weight_decay", d.weightDecay(), v -> v >= 0, ">= 0");
        Double gradClip = readReal(obj, "grad_clip", d.gradClip(), v -> v > 0, "> 0");
        if (problems.count() > before) {
            return null;
        }
        return new TrainingSettings(batchSize, learningRate, warmup, weightDecay, gradClip);
    }

    /** A training number: the default when absent, null when reported bad. */
    private Double readReal(ObjectNode obj, String key, double fallback, DoublePredicate allowed, String rule) {
        JsonNode node = Fields.optional(obj, key);
        if (node == null) {
            return fallback;
        }
        String path = "training." + key;
        Double value = fields.number(node, path);
        if (value != null && !allowed.test(value)) {
            problems.add(path, "must be " + rule + ", got " + Fields.describe(node));
            return null;
        }
        return value;
    }

    EvaluationSettings readEvaluation(ObjectNode doc) {
        JsonNode node = Fields.optional(doc, "evaluation");
        if (node == null) {
            return EvaluationSettings.DEFAULTS;
        }
        ObjectNode obj = fields.object(node, "evaluation", EVALUATION_FIELDS);
        if (obj == null) {
            return null;
        }
        int before = problems.count();
        JsonNode suitesNode = Fields.optional(obj, "suites");
        List<String> suites = suitesNode == null ? EvaluationSettings.KNOWN_SUITES : readSuites(suitesNode);
        JsonNode maxNode = Fields.optional(obj, "max_items_per_suite");
        Integer maxItems = maxNode == null ? Integer.valueOf(EvaluationSettings.DEFAULTS.maxItemsPerSuite())
                : fields.positiveInt(maxNode, "evaluation.max_items_per_suite");
        if (problems.count() > before) {
            return null;
        }
        return new EvaluationSettings(suites, maxItems);
    }

    /**
     * The analysis section; null both when it is absent (nothing to record, so a spec without it keeps its
     * digest) and when it is reported bad.
     */
    AnalysisSettings readAnalysis(ObjectNode doc) {
        JsonNode node = Fields.optional(doc, "analysis");
        if (node == null) {
            return null;
        }
        ObjectNode obj = fields.object(node, "analysis", ANALYSIS_FIELDS);
        if (obj == null) {
            return null;
        }
        JsonNode minNode = Fields.optional(obj, "recommend_min_correlation");
        if (minNode == null) {
            return null;
        }
        String path = "analysis.recommend_min_correlation";
        Double min = fields.number(minNode, path);
        if (min == null) {
            return null;
        }
        if (!(min > 0 && min <= 1)) {
            problems.add(path, "must be a correlation in (0, 1], got " + Fields.describe(minNode));
            return null;
        }
        return new AnalysisSettings(min);
    }

    private List<String> readSuites(JsonNode node) {
        String path = "evaluation.suites";
        ArrayNode array = fields.list(node, path);
        if (array == null) {
            return null;
        }
        if (array.isEmpty()) {
            problems.add(path, "must list at least one suite");
            return null;
        }
        Map<String, Integer> firstIndex = new LinkedHashMap<>();
        for (int i = 0; i < array.size(); i++) {
            String itemPath = Fields.item(path, i);
            String suite = fields.string(array.get(i), itemPath);
            if (suite == null) {
                continue;
            }
            Integer first = firstIndex.putIfAbsent(suite, i);
            if (!EvaluationSettings.KNOWN_SUITES.contains(suite)) {
                problems.add(itemPath, "unknown suite '" + suite + "' (known: "
                        + String.join(", ", EvaluationSettings.KNOWN_SUITES) + ")");
            } else if (first != null) {
                problems.add(itemPath, "duplicate suite '" + suite + "' (first at " + Fields.item(path, first) + ")");
            }
        }
        return new ArrayList<>(firstIndex.keySet());
    }

}
