package org.smalltolarge.kit.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletionStage;
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

    /**
     * Returns once the broker acknowledged the record (acks=all), so callers may then record it as sent.
     *
     * @throws EventRefusedException when Kafka refuses the record itself (too large, invalid): sending it again
     *                               cannot succeed. Other failures (the broker unreachable) keep their exceptions.
     */
    public void publish(Event event) {
        try {
            events.sendMessageAndAwait(message(event, source()));
        } catch (RuntimeException e) {
            Throwable failure = EventRefusedException.classify(event, e);
            throw failure instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Starts publishing and returns at once; the stage completes when the broker acknowledged the record, or fails
     * as {@link #publish} would throw. Many records in flight at once let the producer batch them: publishing
     * thousands of events one by one, each awaited, costs the producer's linger time every time.
     */
    public CompletionStage<Void> publishAsync(Event event) {
        return events.sendMessage(message(event, source()))
                .onFailure().transform(e -> EventRefusedException.classify(event, e))
                .subscribeAsCompletionStage();
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
