package org.smalltolarge.kit.messaging;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.smalltolarge.contracts.Event;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.MalformedEventException;

/**
 * The one way services read an incoming Kafka record. Channels are configured with {@code cloud-events=false}:
 * the connector then hands over every record untouched, and all checks happen here, in project code, where a
 * failure becomes a {@link MalformedEventException} with a reason (and the record goes to the dead-letter topic)
 * instead of an exception inside the connector that stops the consumer. Binary-mode CloudEvents only.
 *
 * @param topic   where the record was read
 * @param key     the record key, or null
 * @param value   the record value as text, or null (a tombstone)
 * @param headers the record headers (names may repeat; values may be null)
 */
public record IncomingRecord(String topic, String key, String value, List<RecordHeader> headers) {
    /** The CloudEvents attributes every event must carry as headers in binary mode. */
    static final List<String> REQUIRED_ATTRIBUTES = List.of("ce_specversion", "ce_id", "ce_type", "ce_source");
    static final String SPEC_VERSION = "1.0";

    /** A header; {@code value} is null when the record carries the name without a value. */
    public record RecordHeader(String name, String value) {
    }

    public IncomingRecord {
        headers = List.copyOf(headers);
    }

    /** Reads the Kafka record behind a message of a channel on {@code topic}. */
    public static IncomingRecord of(Message<?> message, String topic) {
        Optional<IncomingKafkaRecordMetadata> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class);
        String key = kafka.map(m -> m.getKey() == null ? null : m.getKey().toString()).orElse(null);
        List<RecordHeader> headers = kafka.map(m -> headersOf(m.getHeaders())).orElse(List.of());
        Object payload = message.getPayload();
        String value = payload instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : payload == null ? null : payload.toString();
        return new IncomingRecord(kafka.map(IncomingKafkaRecordMetadata::getTopic).orElse(topic), key, value, headers);
    }

    /** The last value of a header (Kafka allows repeats; the last one wins), empty when absent or without value. */
    public Optional<String> header(String name) {
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (headers.get(i).name().equals(name)) {
                return Optional.ofNullable(headers.get(i).value());
            }
        }
        return Optional.empty();
    }

    /** True when the record carries any CloudEvents header (even a broken one): it claims to be an event. */
    public boolean claimsToBeEvent() {
        return headers.stream().anyMatch(h -> h.name().startsWith("ce_"))
                || header("content-type").map(c -> c.startsWith("application/cloudevents")).orElse(false);
    }

    /** The record's event type, checked against this topic; the payload is not read. */
    public EventType type() {
        if (header("content-type").map(c -> c.startsWith("application/cloudevents")).orElse(false)) {
            throw malformed("structured-mode CloudEvent (content-type " + header("content-type").get()
                    + "); only binary mode is accepted: attributes in ce_* headers, the JSON payload as the value");
        }
        List<String> missing = REQUIRED_ATTRIBUTES.stream()
                .filter(a -> header(a).map(String::isBlank).orElse(true)).toList();
        if (!missing.isEmpty()) {
            throw malformed("CloudEvents header(s) " + missing + " missing, without a value or blank; required: "
                    + REQUIRED_ATTRIBUTES);
        }
        String version = header("ce_specversion").orElseThrow();
        if (!SPEC_VERSION.equals(version)) {
            throw malformed("ce_specversion '" + version + "' is not " + SPEC_VERSION + ", the CloudEvents version"
                    + " these services read");
        }
        String ceType = header("ce_type").orElseThrow();
        EventType type = EventType.ofType(ceType).orElseThrow(() -> malformed("unknown ce_type '" + ceType
                + "' (known: " + Arrays.stream(EventType.values()).map(EventType::type)
                .collect(Collectors.joining(", ")) + ")"));
        if (!type.topic().equals(topic)) {
            throw malformed("ce_type '" + ceType + "' travels on " + type.topic() + ", not on this topic");
        }
        return type;
    }

    /** The event: type as {@link #type()}, payload decoded and checked against its contract. */
    public Event event() {
        EventType type = type();
        try {
            return EventJson.decode(type, value);
        } catch (MalformedEventException e) {
            throw malformed(e.getMessage(), e);
        }
    }

    /** A problem with this record, naming where it was read (topic and key). */
    public MalformedEventException malformed(String problem) {
        return malformed(problem, null);
    }

    private MalformedEventException malformed(String problem, Throwable cause) {
        String where = "record on " + topic + " (key " + (key == null ? "none" : "'" + key + "'") + "): ";
        return cause == null ? new MalformedEventException(where + problem)
                : new MalformedEventException(where + problem, cause);
    }

    private static List<RecordHeader> headersOf(Headers headers) {
        if (headers == null) {
            return List.of();
        }
        return Arrays.stream(headers.toArray()).map(IncomingRecord::headerOf).toList();
    }

    private static RecordHeader headerOf(Header h) {
        return new RecordHeader(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
    }
}
