package org.smalltolarge.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The schema files are the documentation of the contracts: they must agree with the records exactly. */
class EventContractTest {
    private static final ObjectMapper JSON = EventJson.mapper();

    private static JsonNode schemaTree(EventType type) throws IOException {
        try (InputStream in = EventType.class.getResourceAsStream(type.schemaResource())) {
            assertNotNull(in, "missing schema file " + type.schemaResource());
            return new ObjectMapper().readTree(in);
        }
    }

    private static JsonSchema schema(EventType type) throws IOException {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaTree(type), config);
    }

    @Test
    void everyTypeHasSamplesAndDistinctVersionedNames() {
        assertEquals(Set.of(EventType.values()), SampleEvents.all().keySet());
        Set<String> types = Arrays.stream(EventType.values()).map(EventType::type).collect(Collectors.toSet());
        assertEquals(EventType.values().length, types.size());
        types.forEach(t -> assertTrue(t.matches("[a-z]+\\.[a-z]+\\.v[0-9]+"), t));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaTitleAndIdNameTheType(EventType type) throws IOException {
        JsonNode schema = schemaTree(type);
        assertEquals(type.type(), schema.get("title").asText());
        assertEquals("urn:smalltolarge:event:" + type.type(), schema.get("$id").asText());
        assertFalse(schema.get("additionalProperties").asBoolean(true), "payloads are closed");
    }

    /** Field names, top level and nested, in the schema are exactly those Jackson writes for the record. */
    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaDocumentsEveryFieldOfTheRecord(EventType type) throws IOException {
        JsonNode schema = schemaTree(type);
        for (Event sample : SampleEvents.all().get(type)) {
            JsonNode written = JSON.valueToTree(sample);
            assertSameFields(type.type(), "$", schema, schema, written);
        }
        Set<String> recordFields = Arrays.stream(type.payloadType().getRecordComponents())
                .map(c -> JSON.getPropertyNamingStrategy() == null ? c.getName()
                        : com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class.cast(
                                JSON.getPropertyNamingStrategy()).translate(c.getName()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(recordFields, fieldNames(schema.get("properties")), type.type() + ": schema properties");
    }

    private static void assertSameFields(String type, String path, JsonNode root, JsonNode schema, JsonNode value) {
        schema = resolve(root, schema);
        if (value.isObject() && schema.has("properties")) {
            Set<String> documented = fieldNames(schema.get("properties"));
            for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                assertTrue(documented.contains(field), type + ": " + path + "." + field + " is not in the schema");
                assertSameFields(type, path + "." + field, root, schema.get("properties").get(field), value.get(field));
            }
            for (JsonNode required : schema.path("required")) {
                assertTrue(documented.contains(required.asText()),
                        type + ": required " + required.asText() + " is not a property");
            }
        } else if (value.isArray() && schema.has("items")) {
            for (JsonNode element : value) {
                assertSameFields(type, path + "[]", root, schema.get("items"), element);
            }
        }
    }

    private static JsonNode resolve(JsonNode root, JsonNode schema) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            assertTrue(ref.startsWith("#/"), "only local refs are used: " + ref);
            return root.at(ref.substring(1));
        }
        return schema;
    }

    private static Set<String> fieldNames(JsonNode properties) {
        Set<String> names = new TreeSet<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void samplesValidateAgainstTheirSchemaAndRoundTrip(EventType type) throws IOException {
        JsonSchema schema = schema(type);
        for (Event sample : SampleEvents.all().get(type)) {
            String json = EventJson.encode(sample);
            Set<ValidationMessage> problems = schema.validate(JSON.readTree(json));
            assertTrue(problems.isEmpty(), type.type() + " sample breaks its schema: " + problems + "\n" + json);
            assertEquals(sample, EventJson.decode(type.type(), json), type.type() + " round trip");
            assertEquals(type, EventType.of(sample));
            assertEquals(type.topic(), EventType.of(sample).topic());
        }
    }

    /** The schemas are not vacuous: dropping any required field, or adding an unknown one, breaks them. */
    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaRejectsMissingRequiredAndUnknownFields(EventType type) throws IOException {
        JsonSchema schema = schema(type);
        JsonNode good = JSON.valueToTree(SampleEvents.all().get(type).get(0));
        for (JsonNode required : schemaTree(type).get("required")) {
            ObjectNode broken = good.deepCopy();
            broken.remove(required.asText());
            assertFalse(schema.validate(broken).isEmpty(), type.type() + " without " + required.asText());
            MalformedEventException e = assertThrows(MalformedEventException.class,
                    () -> EventJson.decode(type.type(), broken.toString()));
            assertTrue(e.getMessage().startsWith(type.type()), e.getMessage());
        }
        ObjectNode extra = ((ObjectNode) good.deepCopy()).put("surprise", 1);
        assertFalse(schema.validate(extra).isEmpty());
        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> EventJson.decode(type.type(), extra.toString()));
        assertTrue(e.getMessage().contains("surprise"), e.getMessage());
    }

    @Test
    void decodingErrorsSayWhatAndWhere() {
        MalformedEventException unknown = assertThrows(MalformedEventException.class,
                () -> EventJson.decode("training.finished.v1", "{}"));
        assertTrue(unknown.getMessage().startsWith("unknown event type 'training.finished.v1' (known: study.requested.v1"),
                unknown.getMessage());

        MalformedEventException notJson = assertThrows(MalformedEventException.class,
                () -> EventJson.decode("training.failed.v1", "{\"run_id\": \"r1\",\n oops"));
        assertTrue(notJson.getMessage().startsWith("training.failed.v1 payload is not valid JSON (line 2, column"),
                notJson.getMessage());

        MalformedEventException missing = assertThrows(MalformedEventException.class,
                () -> EventJson.decode("training.failed.v1",
                        "{\"study_id\":\"s\",\"reason\":\"x\",\"worker\":\"w\",\"attempt\":1,\"failed_at\":\"2026-01-01T00:00:00Z\"}"));
        assertEquals("training.failed.v1 payload at $: required property 'run_id' not found", missing.getMessage());

        MalformedEventException negative = assertThrows(MalformedEventException.class,
                () -> EventJson.decode("training.failed.v1", "{\"run_id\":\"r\",\"study_id\":\"s\",\"reason\":\"x\","
                        + "\"worker\":\"w\",\"attempt\":-1,\"failed_at\":\"2026-01-01T00:00:00Z\"}"));
        assertTrue(negative.getMessage().startsWith("training.failed.v1 payload at $.attempt: "), negative.getMessage());

        MalformedEventException blank = assertThrows(MalformedEventException.class,
                () -> EventJson.decode("training.failed.v1", "{\"run_id\":\" \",\"study_id\":\"s\",\"reason\":\"x\","
                        + "\"worker\":\"w\",\"attempt\":1,\"failed_at\":\"2026-01-01T00:00:00Z\"}"));
        assertEquals("training.failed.v1 payload: run_id is required and must not be blank", blank.getMessage(),
                "what a schema does not say, the record's own checks do");

        MalformedEventException arraySpec = assertThrows(MalformedEventException.class,
                () -> EventJson.decode("study.requested.v1", "{\"study_id\":\"s\",\"spec\":[1,2],"
                        + "\"submitted_at\":\"2026-01-01T00:00:00Z\"}"));
        assertTrue(arraySpec.getMessage().startsWith("study.requested.v1 payload at $.spec: "), arraySpec.getMessage());

        MalformedEventException wrongType = assertThrows(MalformedEventException.class,
                () -> EventJson.decode("predictions.ready.v1",
                        "{\"run_id\":\"r\",\"study_id\":\"s\",\"at\":\"2026-01-01T00:00:00Z\",\"suites\":[{\"suite\":\"a\",\"content_hash\":\"h\",\"items\":\"many\",\"mean_loss\":1}]}"));
        assertTrue(wrongType.getMessage().startsWith("predictions.ready.v1 payload at $.suites[0].items: "),
                wrongType.getMessage());

        assertThrows(MalformedEventException.class, () -> EventJson.decode("study.requested.v1", "  "));
    }

    @Test
    void keysAreNaturalIdsAndEventIdsAreDeterministic() {
        for (Map.Entry<EventType, List<Event>> entry : SampleEvents.all().entrySet()) {
            for (Event e : entry.getValue()) {
                String key = e.key();
                String topic = entry.getKey().topic();
                String idField = topic.equals(Topics.STUDIES) || topic.equals(Topics.STUDY_EVENTS) ? "study_id"
                        : topic.equals(Topics.ATTRIBUTIONS) || topic.equals(Topics.ATTRIBUTION_EVENTS) ? "attribution_id"
                        : topic.equals(Topics.SELECTIONS) || topic.equals(Topics.SELECTION_EVENTS) ? "selection_id"
                        : "run_id";
                JsonNode tree = JSON.valueToTree(e);
                assertEquals(tree.get(idField).asText(), key, entry.getKey().type());
                assertEquals(e.eventId(), EventJson.decode(entry.getKey(), EventJson.encode(e)).eventId());
            }
        }
        Set<String> ids = new HashSet<>();
        SampleEvents.all().values().forEach(list -> list.forEach(e -> ids.add(e.eventId())));
        assertTrue(ids.size() >= EventType.values().length);
    }
}
