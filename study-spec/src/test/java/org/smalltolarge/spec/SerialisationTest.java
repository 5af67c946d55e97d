package org.smalltolarge.spec;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The records travel inside Kafka events and MongoDB documents, so they must survive a plain ObjectMapper. */
class SerialisationTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void specRoundTripsThroughJsonWithSnakeCaseNames() throws Exception {
        StudySpec spec = Fixtures.spec("valid/quick-demo.yaml");

        String json = mapper.writeValueAsString(spec);
        JsonNode tree = mapper.readTree(json);

        assertEquals(spec, mapper.readValue(json, StudySpec.class));
        assertTrue(tree.has("reference_seeds"));
        assertTrue(tree.path("evaluation").has("max_items_per_suite"));
        assertTrue(tree.path("training").has("warmup_fraction"));
        assertTrue(tree.path("scales").get(0).path("model").has("d_model"));
        assertEquals(2_000_000, tree.path("scales").get(0).path("tokens").asLong());
        assertFalse(tree.path("distributions").get(2).has("mixture"), "absent alternative is left out");
        assertFalse(json.contains("referenceSeeds") || json.contains("dModel") || json.contains("tokenBudget"), json);
    }

    @Test
    void serialisedSpecIsItselfAValidDocumentWithTheSameRuns() throws Exception {
        StudySpec spec = Fixtures.spec("valid/paper-shaped.yaml");

        JsonNode tree = mapper.valueToTree(spec);
        StudySpec again = StudySpecs.validate(tree, SpecLimits.defaults(), Fixtures.SOURCES).spec();

        assertEquals(StudyPlanner.plan(spec).stream().map(PlannedRun::runId).toList(),
                StudyPlanner.plan(again).stream().map(PlannedRun::runId).toList());
    }

    @Test
    void plannedRunsRoundTrip() throws Exception {
        List<PlannedRun> runs = StudyPlanner.plan(Fixtures.spec("valid/quick-demo.yaml"));

        String json = mapper.writeValueAsString(runs);

        assertEquals(runs, mapper.readValue(json, new TypeReference<List<PlannedRun>>() { }));
        JsonNode first = mapper.readTree(json).get(0);
        assertEquals(runs.get(0).runId(), first.path("run_id").asText());
        assertEquals("quick-demo", first.path("study_id").asText());
        assertEquals("PROXY", first.path("role").asText());
    }

    @Test
    void fieldErrorsSerialiseAsPathAndReason() throws Exception {
        FieldError error = new FieldError("seeds[1]", "must be an integer, got \"a\"");

        String json = mapper.writeValueAsString(error);

        assertEquals("{\"path\":\"seeds[1]\",\"reason\":\"must be an integer, got \\\"a\\\"\"}", json);
        assertEquals(error, mapper.readValue(json, FieldError.class));
    }
}
