package org.smalltolarge.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.DoublePredicate;

/**
 * Reads a parsed study document into a {@link StudySpec}, reporting every problem with its field path.
 * Sections are read in a fixed order; checks that span sections (batch size against budgets, run count)
 * come last and only run when the sections they need were valid.
 */
final class SpecValidator {

    static final String ID_PATTERN = "[a-z0-9][a-z0-9-]{1,62}";
    static final String NAME_PATTERN = "[a-z0-9_]+";

    private static final Set<String> ROOT_FIELDS = Set.of("id", "description", "corpus", "distributions",
            "scales", "reference", "seeds", "reference_seeds", "training", "evaluation");
    private static final Set<String> DISTRIBUTION_FIELDS = Set.of("name", "mixture", "examples");
    private static final Set<String> SCALE_FIELDS = Set.of("name", "model", "tokens", "tokens_per_param");
    private static final Set<String> MODEL_FIELDS = Set.of("d_model", "layers", "heads", "context");
    private static final Set<String> TRAINING_FIELDS =
            Set.of("batch_size", "learning_rate", "warmup_fraction", "weight_decay", "grad_clip");
    private static final Set<String> EVALUATION_FIELDS = Set.of("suites", "max_items_per_suite");

    private final SpecLimits limits;
    private final Set<String> knownSources;
    private final Problems problems = new Problems();
    private final Fields fields = new Fields(problems);

    /** Where each scale's token budget came from, for messages about the budget found later. */
    private final Map<String, String> budgetPaths = new HashMap<>();

    SpecValidator(SpecLimits limits, Set<String> knownSources) {
        this.limits = limits;
        this.knownSources = knownSources == null ? null : new TreeSet<>(knownSources);
    }

    Validation validate(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            problems.add(FieldError.ROOT, "the document is empty");
            return Validation.failed(problems.list());
        }
        ObjectNode doc = fields.object(root, FieldError.ROOT, ROOT_FIELDS);
        if (doc == null) {
            return Validation.failed(problems.list());
        }
        String id = readId(doc);
        String description = readDescription(doc);
        String corpus = readCorpus(doc);
        List<Distribution> distributions = readDistributions(doc);
        List<Scale> scales = readScales(doc);
        String reference = readReference(doc, scales);
        List<Long> seeds = readSeeds(doc);
        List<Long> referenceSeeds = readReferenceSeeds(doc);
        TrainingSettings training = readTraining(doc);
        EvaluationSettings evaluation = readEvaluation(doc);

        if (scales != null && training != null) {
            checkBudgetsHoldOneBatch(scales, training);
        }
        if (distributions != null && scales != null && seeds != null && referenceSeeds != null) {
            checkRunCount(distributions.size(), scales.size(), seeds, referenceSeeds);
        }
        if (problems.count() > 0) {
            return Validation.failed(problems.list());
        }
        return Validation.ok(new StudySpec(id, description, corpus, distributions, scales, reference, seeds,
                referenceSeeds, training, evaluation));
    }

    private String readId(ObjectNode doc) {
        JsonNode node = fields.required(doc, "id", "");
        return node == null ? null : fields.matching(node, "id", ID_PATTERN,
                "lowercase letters, digits and '-', 2 to 63 characters, not starting with '-'");
    }

    private String readDescription(ObjectNode doc) {
        JsonNode node = Fields.optional(doc, "description");
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            problems.add("description", "must be a string, got " + Fields.describe(node));
            return null;
        }
        return node.textValue();
    }

    private String readCorpus(ObjectNode doc) {
        JsonNode node = fields.required(doc, "corpus", "");
        return node == null ? null : fields.string(node, "corpus");
    }

    // ---- distributions

    private List<Distribution> readDistributions(ObjectNode doc) {
        JsonNode node = fields.required(doc, "distributions", "");
        ArrayNode array = node == null ? null : fields.list(node, "distributions");
        if (array == null) {
            return null;
        }
        int before = problems.count();
        if (array.size() < 2) {
            problems.add("distributions", "at least 2 are required (the study compares models across "
                    + "distributions), got " + array.size());
        }
        List<Distribution> result = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Distribution distribution = readDistribution(array.get(i), Fields.item("distributions", i));
            if (distribution != null) {
                result.add(distribution);
            }
        }
        reportDuplicateNames(array, "distributions");
        return problems.count() == before ? result : null;
    }

    private Distribution readDistribution(JsonNode node, String path) {
        ObjectNode obj = fields.object(node, path, DISTRIBUTION_FIELDS);
        if (obj == null) {
            return null;
        }
        int before = problems.count();
        JsonNode nameNode = fields.required(obj, "name", path);
        String name = nameNode == null ? null
                : fields.matching(nameNode, path + ".name", NAME_PATTERN, "lowercase letters, digits and '_'");
        JsonNode mixtureNode = Fields.optional(obj, "mixture");
        JsonNode examplesNode = Fields.optional(obj, "examples");
        if ((mixtureNode == null) == (examplesNode == null)) {
            problems.add(path, "exactly one of mixture or examples is required, got "
                    + (mixtureNode == null ? "neither" : "both"));
            return null;
        }
        Map<String, Double> mixture = mixtureNode == null ? null : readMixture(mixtureNode, path + ".mixture");
        List<String> examples = examplesNode == null ? null : readExamples(examplesNode, path + ".examples");
        if (problems.count() > before) {
            return null;
        }
        return new Distribution(name, mixture, examples);
    }

    /** Weights normalised to sum to 1, summed in sorted key order so the result never depends on key order. */
    private Map<String, Double> readMixture(JsonNode node, String path) {
        if (!(node instanceof ObjectNode obj)) {
            problems.add(path, "must be an object mapping data source to weight, got " + Fields.describe(node));
            return null;
        }
        if (obj.isEmpty()) {
            problems.add(path, "must name at least one data source");
            return null;
        }
        int before = problems.count();
        Map<String, Double> weights = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String source = entry.getKey();
            String sourcePath = Fields.child(path, source);
            if (knownSources != null && !knownSources.contains(source)) {
                problems.add(sourcePath, "unknown data source (known: " + String.join(", ", knownSources) + ")");
            }
            JsonNode weight = entry.getValue();
            if (!weight.isNumber() || !Double.isFinite(weight.doubleValue())) {
                problems.add(sourcePath, "weight must be a number, got " + Fields.describe(weight));
            } else if (!(weight.doubleValue() > 0)) {
                problems.add(sourcePath, "weight must be > 0");
            } else {
                weights.put(source, weight.doubleValue());
            }
        }
        if (problems.count() > before) {
            return null;
        }
        double total = 0;
        for (double weight : weights.values()) {
            total += weight;
        }
        Map<String, Double> normalised = new LinkedHashMap<>();
        for (Map.Entry<String, Double> entry : weights.entrySet()) {
            normalised.put(entry.getKey(), entry.getValue() / total);
        }
        return normalised;
    }

    /** A selection is a set of example ids: order carries no meaning, so it is stored sorted. */
    private List<String> readExamples(JsonNode node, String path) {
        ArrayNode array = fields.list(node, path);
        if (array == null) {
            return null;
        }
        if (array.isEmpty()) {
            problems.add(path, "must list at least one example id");
            return null;
        }
        int before = problems.count();
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            String itemPath = Fields.item(path, i);
            String exampleId = fields.string(array.get(i), itemPath);
            if (exampleId == null) {
                continue;
            }
            Integer first = firstIndex.putIfAbsent(exampleId, i);
            if (first != null) {
                problems.add(itemPath, "duplicate example id " + Fields.describe(array.get(i))
                        + " (first at " + Fields.item(path, first) + ")");
            }
        }
        return problems.count() > before ? null : new ArrayList<>(new TreeSet<>(firstIndex.keySet()));
    }

    // ---- scales

    private List<Scale> readScales(ObjectNode doc) {
        JsonNode node = fields.required(doc, "scales", "");
        ArrayNode array = node == null ? null : fields.list(node, "scales");
        if (array == null) {
            return null;
        }
        int before = problems.count();
        if (array.size() < 2) {
            problems.add("scales", "at least 2 are required (proxies and a reference), got " + array.size());
        }
        List<Scale> result = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Scale scale = readScale(array.get(i), Fields.item("scales", i));
            if (scale != null) {
                result.add(scale);
            }
        }
        reportDuplicateNames(array, "scales");
        return problems.count() == before ? result : null;
    }

    private Scale readScale(JsonNode node, String path) {
        ObjectNode obj = fields.object(node, path, SCALE_FIELDS);
        if (obj == null) {
            return null;
        }
        int before = problems.count();
        JsonNode nameNode = fields.required(obj, "name", path);
        String name = nameNode == null ? null
                : fields.matching(nameNode, path + ".name", NAME_PATTERN, "lowercase letters, digits and '_'");
        JsonNode modelNode = fields.required(obj, "model", path);
        ModelShape model = modelNode == null ? null : readModel(modelNode, path);

        JsonNode tokensNode = Fields.optional(obj, "tokens");
        JsonNode perParamNode = Fields.optional(obj, "tokens_per_param");
        if ((tokensNode == null) == (perParamNode == null)) {
            problems.add(path, "exactly one of tokens or tokens_per_param is required, got "
                    + (tokensNode == null ? "neither" : "both"));
            return null;
        }
        Long budget = tokensNode != null
                ? readAbsoluteBudget(tokensNode, path + ".tokens")
                : readRelativeBudget(perParamNode, path + ".tokens_per_param", model);
        if (problems.count() > before || model == null || budget == null) {
            return null;
        }
        budgetPaths.put(name, tokensNode != null ? path + ".tokens" : path + ".tokens_per_param");
        return new Scale(name, model, budget);
    }

    /** The model shape, or null when it is invalid or too large for the workers. */
    private ModelShape readModel(JsonNode node, String scalePath) {
        String path = scalePath + ".model";
        ObjectNode obj = fields.object(node, path, MODEL_FIELDS);
        if (obj == null) {
            return null;
        }
        int before = problems.count();
        Integer dModel = positiveIntField(obj, "d_model", path);
        Integer layers = positiveIntField(obj, "layers", path);
        Integer heads = positiveIntField(obj, "heads", path);
        Integer context = positiveIntField(obj, "context", path);
        if (dModel != null && heads != null && dModel % heads != 0) {
            problems.add(path + ".heads", "must divide d_model (" + dModel + " % " + heads + " != 0)");
        }
        if (context != null && context > limits.maxContext()) {
            problems.add(path + ".context", context + " exceeds the workers' limit of " + limits.maxContext()
                    + " (setting " + SpecLimits.MAX_CONTEXT_SETTING + ")");
        }
        if (problems.count() > before) {
            return null;
        }
        double approximate = ModelShape.approximateParameters(dModel, layers, context);
        if (approximate > limits.maxParams()) {
            String[] shown = Scientific.pair(approximate, limits.maxParams());
            problems.add(scalePath, shown[0] + " parameters exceed the workers' limit of " + shown[1]
                    + " (setting " + SpecLimits.MAX_PARAMS_SETTING + ")");
            return null;
        }
        return new ModelShape(dModel, layers, heads, context);
    }

    private Integer positiveIntField(ObjectNode obj, String key, String path) {
        JsonNode node = fields.required(obj, key, path);
        return node == null ? null : fields.positiveInt(node, Fields.child(path, key));
    }

    private Long readAbsoluteBudget(JsonNode node, String path) {
        Long tokens = fields.atLeast(node, path, 1);
        return tokens == null || !withinTokenLimit(tokens, path) ? null : tokens;
    }

    /** Chinchilla-style budget: tokens proportional to parameters, rounded to a whole token. */
    private Long readRelativeBudget(JsonNode node, String path, ModelShape model) {
        Double perParam = fields.number(node, path);
        if (perParam == null) {
            return null;
        }
        if (!(perParam > 0)) {
            problems.add(path, "must be > 0, got " + Fields.describe(node));
            return null;
        }
        if (model == null) {
            return null; // the model's own error is already reported; no budget can be derived
        }
        double tokens = Math.rint(perParam * model.parameters());
        if (tokens < 1) {
            problems.add(path, "gives no training tokens (" + Fields.describe(node) + " x "
                    + model.parameters() + " parameters)");
            return null;
        }
        return withinTokenLimit(tokens, path) ? (long) tokens : null;
    }

    private boolean withinTokenLimit(double tokens, String path) {
        if (tokens <= limits.maxTokensPerRun()) {
            return true;
        }
        String[] shown = Scientific.pair(tokens, limits.maxTokensPerRun());
        problems.add(path, shown[0] + " training tokens exceed the workers' limit of " + shown[1]
                + " (setting " + SpecLimits.MAX_TOKENS_SETTING + ")");
        return false;
    }

    private String readReference(ObjectNode doc, List<Scale> scales) {
        JsonNode node = fields.required(doc, "reference", "");
        String reference = node == null ? null : fields.string(node, "reference");
        if (reference == null) {
            return null;
        }
        List<String> known = scaleNamesWritten(doc);
        if (!known.contains(reference)) {
            problems.add("reference", "'" + reference + "' is not a scale (known: " + String.join(", ", known) + ")");
            return null;
        }
        return scales == null ? null : reference;
    }

    /** Compares names as written, so a repeated name shows even when one of the two items has other problems. */
    private void reportDuplicateNames(ArrayNode items, String listPath) {
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode name = items.get(i).get("name");
            if (name == null || !name.isTextual()) {
                continue;
            }
            Integer first = firstIndex.putIfAbsent(name.textValue(), i);
            if (first != null) {
                problems.add(Fields.item(listPath, i) + ".name", "duplicate name '" + name.textValue()
                        + "' (first at " + Fields.item(listPath, first) + ")");
            }
        }
    }

    /** Scale names as written, even when some scale is invalid, so a reference error can list them. */
    private static List<String> scaleNamesWritten(ObjectNode doc) {
        List<String> names = new ArrayList<>();
        JsonNode scales = doc.get("scales");
        if (scales != null && scales.isArray()) {
            for (JsonNode scale : scales) {
                JsonNode name = scale.get("name");
                if (name != null && name.isTextual() && !names.contains(name.textValue())) {
                    names.add(name.textValue());
                }
            }
        }
        return names;
    }

    // ---- seeds, training, evaluation

    private List<Long> readSeeds(ObjectNode doc) {
        JsonNode node = fields.required(doc, "seeds", "");
        ArrayNode array = node == null ? null : fields.list(node, "seeds");
        if (array == null) {
            return null;
        }
        if (array.isEmpty()) {
            problems.add("seeds", "must list at least one seed");
            return null;
        }
        return fields.distinctNonNegative(array, "seeds");
    }

    /** Optional; a seed also listed in {@code seeds} adds no run (that reference run exists already). */
    private List<Long> readReferenceSeeds(ObjectNode doc) {
        JsonNode node = Fields.optional(doc, "reference_seeds");
        if (node == null) {
            return List.of();
        }
        ArrayNode array = fields.list(node, "reference_seeds");
        return array == null ? null : fields.distinctNonNegative(array, "reference_seeds");
    }

    private TrainingSettings readTraining(ObjectNode doc) {
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

    private EvaluationSettings readEvaluation(ObjectNode doc) {
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

    // ---- checks across sections

    /** A budget smaller than one optimiser step could never be trained as written. */
    private void checkBudgetsHoldOneBatch(List<Scale> scales, TrainingSettings training) {
        for (Scale scale : scales) {
            long batchTokens = (long) training.batchSize() * scale.model().context();
            if (scale.tokenBudget() < batchTokens) {
                problems.add(budgetPaths.get(scale.name()), scale.tokenBudget()
                        + " training tokens are less than one batch (batch_size " + training.batchSize()
                        + " x context " + scale.model().context() + " = " + batchTokens + " tokens)");
            }
        }
    }

    private void checkRunCount(int distributions, int scales, List<Long> seeds, List<Long> referenceSeeds) {
        long extra = StudyPlanner.extraReferenceSeeds(seeds, referenceSeeds).size();
        long runs = StudyPlanner.runCount(distributions, scales, seeds.size(), extra);
        if (runs > limits.maxRuns()) {
            problems.add(FieldError.ROOT, runs + " runs planned (" + distributions + " distributions x " + scales
                    + " scales x " + seeds.size() + " seeds + " + distributions + " x " + extra
                    + " extra reference seeds) exceed the limit of " + limits.maxRuns()
                    + " (setting " + SpecLimits.MAX_RUNS_SETTING + ")");
        }
    }
}
