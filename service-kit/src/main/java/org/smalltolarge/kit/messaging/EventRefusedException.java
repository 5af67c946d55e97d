package org.smalltolarge.kit.messaging;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.smalltolarge.contracts.Event;
import org.smalltolarge.contracts.EventType;

/**
 * The producer or the broker refused an event's record for what it is (too large, invalid), so publishing it again
 * can never succeed: the caller must do something else with the work it belongs to instead of retrying. A broker
 * that is unreachable or slow is not this: those failures pass, and they keep their own exceptions.
 */
public class EventRefusedException extends RuntimeException {
    private final transient Event event;

    EventRefusedException(Event event, Throwable cause) {
        super(EventType.of(event).type() + " " + event.eventId() + " was refused by Kafka: " + cause.getMessage(), cause);
        this.event = event;
    }

    /** The event that cannot be published. */
    public Event event() {
        return event;
    }

    /** The failure to publish {@code event} as an EventRefusedException when it is one, else as it is. */
    static Throwable classify(Event event, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof InvalidRecordException) {
                return new EventRefusedException(event, t);
            }
        }
        return failure;
    }
}
