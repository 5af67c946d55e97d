package org.smalltolarge.kit.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.smalltolarge.contracts.Event;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;

/**
 * Publishes contract events as CloudEvents in binary mode: attributes in {@code ce_*} headers, the JSON payload
 * as the value, the natural id as the key, each record on its event type's topic. The source is
 * {@code /s2l/<quarkus.application.name>}. A service using it configures one outgoing channel named
 * {@code events} with the String serializer and {@code cloud-events-mode=binary}.
 */
@ApplicationScoped
public class EventPublisher {
    @Inject
    @Channel("events")
    MutinyEmitter<String> events;

    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    /** Returns once the broker acknowledged the record (acks=all), so callers may then record it as sent. */
    public void publish(Event event) {
        events.sendMessageAndAwait(message(event, source()));
    }

    public String source() {
        return "/s2l/" + applicationName;
    }

    /** The record for an event: typed, sourced, keyed, with its deterministic event id (replays are recognisable). */
    static Message<String> message(Event event, String source) {
        EventType type = EventType.of(event);
        OutgoingCloudEventMetadata<String> ce = OutgoingCloudEventMetadata.<String>builder()
                .withId(event.eventId())
                .withType(type.type())
                .withSource(URI.create(source))
                .withSubject(event.key())
                .withDataContentType("application/json")
                .withTimestamp(Instant.now().atZone(ZoneOffset.UTC))
                .build();
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.key())
                .withTopic(type.topic())
                .build();
        return Message.of(EventJson.encode(event), Metadata.of(ce, kafka));
    }
}
