package org.smalltolarge.spec;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidSpecsTest {

    @Test
    void quickDemoBecomesTypedSpecWithNormalisedWeightsAndResolvedBudgets() {
        StudySpec spec = Fixtures.spec("valid/quick-demo.yaml");

        assertEquals("quick-demo", spec.id());
        assertEquals("demo", spec.corpus());
        assertEquals(List.of("prose", "code", "picked"), spec.distributions().stream().map(Distribution::name).toList());
        assertEquals(Map.of("fiction", 0.5, "speeches", 0.5), spec.distributions().get(0).mixture());
        Map<String, Double> code = spec.distributions().get(1).mixture();
        assertEquals(List.of("java_code", "python_code"), List.copyOf(code.keySet()), "sorted key order");
        assertEquals(0.25, code.get("java_code"));
        assertEquals(0.75, code.get("python_code"));
        Distribution picked = spec.distributions().get(2);
        assertFalse(picked.hasMixture());
        assertEquals(List.of("fiction-0001", "fiction-0003", "speeches-0017"), picked.examples());

        Scale xs = spec.scales().get(0);
        assertEquals(new ModelShape(64, 2, 2, 128), xs.model());
        assertEquals(2_000_000, xs.tokenBudget());
        Scale ref = spec.referenceScale();
        assertEquals("ref", ref.name());
        assertEquals(3_258_112, ref.model().parameters());
        assertEquals(20 * 3_258_112L, ref.tokenBudget(), "tokens_per_param x parameters");

        assertEquals(List.of(0L), spec.seeds());
        assertEquals(List.of(0L, 1L), spec.referenceSeeds());
        assertEquals(new TrainingSettings(32, 0.003, 0.05, 0.1, 1.0), spec.training());
        assertEquals(new EvaluationSettings(EvaluationSettings.KNOWN_SUITES, 200), spec.evaluation());
    }

    @Test
    void yamlAndItsJsonEquivalentGiveTheSameSpecAndRunIds() {
        StudySpec fromYaml = Fixtures.spec("valid/quick-demo.yaml");
        StudySpec fromJson = Fixtures.spec("valid/quick-demo.json");

        assertEquals(fromYaml, fromJson);
        assertEquals(runIds(fromYaml), runIds(fromJson));
    }

    @Test
    void reorderedKeysGiveTheSameSpecAndRunIds() {
        StudySpec original = Fixtures.spec("valid/quick-demo.yaml");
        StudySpec reordered = Fixtures.spec("valid/quick-demo-reordered.yaml");

        assertEquals(original, reordered);
        assertEquals(runIds(original), runIds(reordered));
    }

    @Test
    void optionalSectionsTakeTheirDefaults() {
        Validation validation = StudySpecs.validate(Fixtures.text("valid/minimal.yaml"), SpecLimits.defaults(), null);
        StudySpec spec = validation.spec();

        assertNull(spec.description());
        assertEquals("/data/my-corpus", spec.corpus());
        assertEquals(TrainingSettings.DEFAULTS, spec.training());
        assertEquals(EvaluationSettings.DEFAULTS, spec.evaluation());
        assertEquals(List.of(), spec.referenceSeeds());
        assertEquals(List.of(7L), spec.seeds());
        assertNull(spec.analysis());
        assertNull(spec.recommendMinCorrelation());
    }

    @Test
    void theAnalysisThresholdIsReadAndLeavesRunsAndTheSerialisedSpecOfOtherStudiesAlone() throws Exception {
        String quick = Fixtures.text("valid/quick-demo.yaml");
        StudySpec without = StudySpecs.validate(quick, SpecLimits.defaults(), Fixtures.SOURCES).spec();
        StudySpec with = StudySpecs.validate(quick + "\nanalysis: {recommend_min_correlation: 0.9}\n",
                SpecLimits.defaults(), Fixtures.SOURCES).spec();
        assertEquals(0.9, with.recommendMinCorrelation());
        assertEquals(runIds(without), runIds(with), "reading the results does not change what is trained");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertFalse(json.writeValueAsString(without).contains("analysis"), "absent, so older digests hold");
        assertEquals(0.9, json.valueToTree(with).path("analysis").path("recommend_min_correlation").asDouble());
        assertEquals(with, json.readValue(json.writeValueAsString(with), StudySpec.class));
        StudySpec empty = StudySpecs.validate(quick + "\nanalysis: {}\n", SpecLimits.defaults(), Fixtures.SOURCES)
                .spec();
        assertNull(empty.recommendMinCorrelation());
    }

    @Test
    void dataSourcesAreCheckedOnlyWhenTheCallerKnowsThem() {
        String minimal = Fixtures.text("valid/minimal.yaml");

        assertTrue(StudySpecs.validate(minimal, SpecLimits.defaults(), null).valid());
        assertEquals(List.of(
                        "distributions[0].mixture.web: unknown data source (known: books, news)",
                        "distributions[1].mixture.books: weight must be > 0"),
                StudySpecs.validate(minimal.replace("books: 1", "books: 0"), SpecLimits.defaults(),
                        java.util.Set.of("news", "books")).errors().stream().map(FieldError::toString).toList());
    }

    @Test
    void paperShapedStudyIsValid() {
        StudySpec spec = Fixtures.spec("valid/paper-shaped.yaml");

        assertEquals(10, spec.distributions().size());
        assertEquals(4, spec.scales().size());
        assertEquals(16, spec.training().batchSize());
        assertEquals(0.002, spec.training().learningRate());
        assertEquals(TrainingSettings.DEFAULTS.warmupFraction(), spec.training().warmupFraction());
        assertEquals(List.of("heldout", "lastword", "capitals"), spec.evaluation().suites());
    }

    @Test
    void wholeNumbersWrittenWithExponentsOrUnderscoresAreIntegers() {
        String text = Fixtures.text("valid/minimal.yaml")
                .replace("tokens: 100000", "tokens: 1.0e5")
                .replace("tokens: 400000", "tokens: 400_000");
        StudySpec spec = StudySpecs.validate(text, SpecLimits.defaults(), null).spec();

        assertEquals(100_000, spec.scales().get(0).tokenBudget());
        assertEquals(400_000, spec.scales().get(1).tokenBudget());
    }

    @Test
    void everyProblemOfADocumentIsReportedAtOnce() {
        String text = """
                id: x
                corpus: demo
                colour: blue
                distributions:
                  - {name: a, mixture: {fiction: -1}}
                  - {name: a, examples: []}
                scales:
                  - {name: xs, model: {d_model: 64, layers: 0, heads: 5, context: 128}, tokens: 2000000}
                  - {name: ref, model: {d_model: 128, layers: 2, heads: 2, context: 128}}
                reference: big
                seeds: [0, 0]
                training: {batch_size: 1.5}
                evaluation: {suites: [lambada]}
                """;

        Validation validation = Fixtures.validate(text);

        assertEquals(List.of(
                "colour: unknown field",
                "id: must match [a-z0-9][a-z0-9-]{1,62} (lowercase letters, digits and '-', 2 to 63 characters, "
                        + "not starting with '-'), got \"x\"",
                "distributions[0].mixture.fiction: weight must be > 0",
                "distributions[1].examples: must list at least one example id",
                "distributions[1].name: duplicate name 'a' (first at distributions[0])",
                "scales[0].model.layers: must be > 0, got 0",
                "scales[0].model.heads: must divide d_model (64 % 5 != 0)",
                "scales[1]: exactly one of tokens or tokens_per_param is required, got neither",
                "reference: 'big' is not a scale (known: xs, ref)",
                "seeds[1]: duplicate 0 (first at seeds[0])",
                "training.batch_size: must be an integer, got 1.5",
                "evaluation.suites[0]: unknown suite 'lambada' (known: heldout, lastword, wordnet_cloze, "
                        + "wordnet_definition, capitals, sentiment)"),
                validation.errors().stream().map(FieldError::toString).toList());
    }

    @Test
    void askingForTheSpecOfAnInvalidDocumentThrowsWithEveryError() {
        Validation validation = Fixtures.validate("id: only-an-id\n");

        InvalidSpecException thrown = assertThrows(InvalidSpecException.class, validation::spec);
        assertEquals(validation.errors(), thrown.errors());
        assertTrue(thrown.getMessage().contains("corpus: required field is missing"), thrown.getMessage());
    }

    private static List<String> runIds(StudySpec spec) {
        return StudyPlanner.plan(spec).stream().map(PlannedRun::runId).toList();
    }
}
