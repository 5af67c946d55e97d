package org.smalltolarge.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a parsed study document into a {@link StudySpec}, reporting every problem with its field path.
 * Sections are read in a fixed order; checks that span sections (batch size against budgets, run count)
 * come last and only run when the sections they need were valid.
 */
final class SpecValidator {

    static final String ID_PATTERN = "[a-z0-9][a-z0-9-]{1,62}";
    static final String NAME_PATTERN = "[a-z0-9_]+";

    private static final Set<String> ROOT_FIELDS = Set.of("id", "description", "corpus", "distributions",
            "scales", "reference", "seeds", "reference_seeds", "training", "evaluation", "analysis");

    private final SpecLimits limits;
    private final Problems problems = new Problems();
    private final Fields fields = new Fields(problems);
    private final DistributionsReader distributionsReader;
    private final ScalesReader scalesReader;
    private final SettingsReader settingsReader = new SettingsReader(problems);

    /** @param knownSources data source names the corpus offers, or null to accept any */
    SpecValidator(SpecLimits limits, Set<String> knownSources) {
        this.limits = limits;
        this.distributionsReader = new DistributionsReader(problems, knownSources);
        this.scalesReader = new ScalesReader(problems, limits);
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
        List<Distribution> distributions = distributionsReader.read(doc);
        List<Scale> scales = scalesReader.read(doc);
        String reference = readReference(doc, scales);
        List<Long> seeds = readSeeds(doc);
        List<Long> referenceSeeds = readReferenceSeeds(doc);
        TrainingSettings training = settingsReader.readTraining(doc);
        EvaluationSettings evaluation = settingsReader.readEvaluation(doc);
        AnalysisSettings analysis = settingsReader.readAnalysis(doc);

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
                referenceSeeds, training, evaluation, analysis));
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

    private String readReference(ObjectNode doc, List<Scale> scales) {
        JsonNode node = fields.required(doc, "reference", "");
        String reference = node == null ? null : fields.string(node, "reference");
        if (reference == null) {
            return null;
        }
        List<String> known = scaleNamesWritten(doc);
        if (known.isEmpty()) {
            return null; // the scales' own errors say what is wrong; "known: (nothing)" would add no information
        }
        if (!known.contains(reference)) {
            problems.add("reference", "'" + reference + "' is not a scale (known: " + String.join(", ", known) + ")");
            return null;
        }
        return scales == null ? null : reference;
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

    // ---- seeds

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

    // ---- checks across sections

    /** A budget smaller than one optimiser step could never be trained as written. */
    private void checkBudgetsHoldOneBatch(List<Scale> scales, TrainingSettings training) {
        for (Scale scale : scales) {
            long batchTokens = (long) training.batchSize() * scale.model().context();
            if (scale.tokenBudget() < batchTokens) {
                problems.add(scalesReader.budgetPath(scale.name()), scale.tokenBudget()
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
