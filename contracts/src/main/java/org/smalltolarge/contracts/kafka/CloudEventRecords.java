package org.smalltolarge.contracts.kafka;

import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.net.URI;
import java.time.ZoneOffset;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.smalltolarge.contracts.Event;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.MalformedEventException;

/**
 * Events as Kafka records in CloudEvents binary mode: attributes in {@code ce_*} headers, the JSON payload
 * as the value, the natural id as the key. Outgoing channels must use the String serializer with
 * {@code cloud-events-mode=binary}.
 */
public final class CloudEventRecords {
    private CloudEventRecords() {
    }

    /** A message ready for an emitter: typed, sourced, keyed and with a deterministic event id. */
    public static Message<String> toMessage(Event event, String source) {
        EventType type = EventType.of(event);
        OutgoingCloudEventMetadata<String> ce = OutgoingCloudEventMetadata.<String>builder()
                .withId(event.eventId())
                .withType(type.type())
                .withSource(URI.create(source))
                .withSubject(event.key())
                .withDataContentType("application/json")
                .withTimestamp(java.time.Instant.now().atZone(ZoneOffset.UTC))
                .build();
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.key())
                .withTopic(type.topic())
                .build();
        return Message.of(EventJson.encode(event), Metadata.of(ce, kafka));
    }

    /**
     * Decodes an incoming record. The type comes from the {@code ce_type} header; a record without
     * CloudEvents headers, of an unknown type, or with a payload that breaks its schema is refused with a
     * {@link MalformedEventException} that says which.
     */
    public static Event decode(Message<?> message) {
        String ceType = message.getMetadata(IncomingCloudEventMetadata.class)
                .map(IncomingCloudEventMetadata::getType)
                .orElseThrow(() -> new MalformedEventException(
                        "record has no CloudEvents headers (ce_specversion, ce_id, ce_type, ce_source are required)"));
        Object payload = message.getPayload();
        String json = payload instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                : payload == null ? null : payload.toString();
        return EventJson.decode(ceType, json);
    }
}
