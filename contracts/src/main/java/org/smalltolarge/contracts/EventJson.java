package org.smalltolarge.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The one JSON mapping of event payloads: snake_case fields, ISO-8601 instants, unknown fields refused
 * (a v1 payload is fixed; additions make a v2 type). Every decoded payload is first checked against its type's
 * JSON Schema ({@code /schemas/<type>.json}), so bounds and structure the records cannot express (a negative count,
 * an array where an object belongs) are refused like a missing field. Decoding errors name the event type and the
 * field.
 */
public final class EventJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT); // 1.5 is no count of anything

    private static final Map<EventType, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventJson() {
    }

    private static JsonSchema schema(EventType type) {
        return SCHEMAS.computeIfAbsent(type, t -> {
            try (InputStream in = EventJson.class.getResourceAsStream(t.schemaResource())) {
                if (in == null) {
                    throw new IllegalStateException("no schema " + t.schemaResource() + " on the classpath");
                }
                SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true)
                        .pathType(PathType.JSON_PATH).build();
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                        .getSchema(MAPPER.readTree(in), config);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + t.schemaResource(), e);
            }
        });
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String encode(Event event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    /** Decodes a payload of the given CloudEvents type; any problem is a {@link MalformedEventException}. */
    public static Event decode(String ceType, String json) {
        EventType type = EventType.ofType(ceType).orElseThrow(() -> new MalformedEventException(
                "unknown event type '" + ceType + "' (known: " + java.util.Arrays.stream(EventType.values())
                        .map(EventType::type).collect(Collectors.joining(", ")) + ")"));
        return decode(type, json);
    }

    public static <T extends Event> T decode(EventType type, String json) {
        if (json == null || json.isBlank()) {
            throw new MalformedEventException(type.type() + ": empty payload");
        }
        try {
            JsonNode tree = MAPPER.readTree(json);
            if (tree != null && !tree.isNull()) {
                Set<ValidationMessage> problems = schema(type).validate(tree);
                if (!problems.isEmpty()) {
                    throw new MalformedEventException(type.type() + " payload " + problems.stream()
                            .map(m -> "at " + m.getInstanceLocation() + ": " + m.getError()).sorted()
                            .collect(Collectors.joining("; ")));
                }
            }
            @SuppressWarnings("unchecked")
            T event = (T) MAPPER.treeToValue(tree, type.payloadType());
            if (event == null) { // the JSON literal null: Jackson maps it to no object at all
                throw new MalformedEventException(type.type() + " payload is the JSON literal null, not an object");
            }
            return event;
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining());
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            String reason = cause == e ? e.getOriginalMessage() : cause.getMessage();
            throw new MalformedEventException(type.type() + " payload" + (path.isEmpty() ? "" : " at $" + path)
                    + ": " + reason, e);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(type.type() + " payload is not valid JSON (line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ", column "
                    + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr()) + "): "
                    + e.getOriginalMessage(), e);
        }
    }
}
