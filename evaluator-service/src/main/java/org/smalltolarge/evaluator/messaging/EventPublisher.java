package org.smalltolarge.evaluator.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.smalltolarge.contracts.Event;
import org.smalltolarge.contracts.kafka.CloudEventRecords;

/** Publishes contract events as CloudEvents, each to its own topic, and waits until Kafka has them. */
@ApplicationScoped
public class EventPublisher {
    static final String SOURCE = "/s2l/evaluator-service";

    @Channel("events")
    MutinyEmitter<String> events;

    /** Returns once the broker acknowledged the record (acks=all), so callers may then record it as sent. */
    public void publish(Event event) {
        events.sendMessageAndAwait(CloudEventRecords.toMessage(event, SOURCE));
    }
}
