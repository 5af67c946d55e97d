package org.smalltolarge.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Reads the {@code distributions} list: names, mixtures (normalised) and example selections. */
final class DistributionsReader {

    private static final Set<String> DISTRIBUTION_FIELDS = Set.of("name", "mixture", "examples");

    private final Problems problems;
    private final Fields fields;
    private final Set<String> knownSources;

    /** @param knownSources sorted data source names, or null to accept any */
    DistributionsReader(Problems problems, Set<String> knownSources) {
        this.problems = problems;
        this.fields = new Fields(problems);
        this.knownSources = knownSources == null ? null : new TreeSet<>(knownSources);
    }

    List<Distribution> read(ObjectNode doc) {
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
        fields.reportDuplicateNames(array, "distributions");
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
                : fields.matching(nameNode, path + ".name", SpecValidator.NAME_PATTERN, "lowercase letters, digits and '_'");
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
        for (Map.Entry<String, JsonNode> entry : obj.properties()) {
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

}
