package org.smalltolarge.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.stream.Collectors;

/**
 * The one JSON mapping of event payloads: snake_case fields, ISO-8601 instants, unknown fields refused
 * (a v1 payload is fixed; additions make a v2 type). Decoding errors name the event type and the field.
 */
public final class EventJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT); // 1.5 is no count of anything

    private EventJson() {
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
            @SuppressWarnings("unchecked")
            T event = (T) MAPPER.readValue(json, type.payloadType());
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
