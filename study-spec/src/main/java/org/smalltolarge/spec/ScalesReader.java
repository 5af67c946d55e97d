package org.smalltolarge.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code scales} list: model shapes, token budgets, and the workers' limits on both. Remembers which
 * field set each budget so later checks can point at it.
 */
final class ScalesReader {

    private static final Set<String> SCALE_FIELDS = Set.of("name", "model", "tokens", "tokens_per_param");
    private static final Set<String> MODEL_FIELDS = Set.of("d_model", "layers", "heads", "context");

    private final Problems problems;
    private final Fields fields;
    private final SpecLimits limits;
    private final Map<String, String> budgetPaths = new HashMap<>();

    ScalesReader(Problems problems, SpecLimits limits) {
        this.problems = problems;
        this.fields = new Fields(problems);
        this.limits = limits;
    }

    /** Path of the field that set a valid scale's budget ({@code scales[i].tokens} or {@code ...tokens_per_param}). */
    String budgetPath(String scaleName) {
        return budgetPaths.get(scaleName);
    }

    List<Scale> read(ObjectNode doc) {
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
        fields.reportDuplicateNames(array, "scales");
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
                : fields.matching(nameNode, path + ".name", SpecValidator.NAME_PATTERN, "lowercase letters, digits and '_'");
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

}
