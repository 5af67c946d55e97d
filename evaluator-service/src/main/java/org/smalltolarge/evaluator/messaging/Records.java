package org.smalltolarge.evaluator.messaging;

import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.MalformedEventException;

/** What the consumers share: the contract type of an incoming record, read from its CloudEvents header. */
final class Records {
    private Records() {
    }

    /** The record's event type; a record without CloudEvents headers or of an unknown type is malformed. */
    static EventType typeOf(Message<?> message, String topic) {
        String ceType = message.getMetadata(IncomingCloudEventMetadata.class).map(IncomingCloudEventMetadata::getType)
                .orElseThrow(() -> new MalformedEventException("record on " + topic + " has no CloudEvents headers"
                        + " (ce_specversion, ce_id, ce_type, ce_source are required)"));
        Optional<EventType> type = EventType.ofType(ceType);
        if (type.isEmpty() || !type.get().topic().equals(topic)) {
            throw new MalformedEventException("record on " + topic + " has type '" + ceType
                    + "', which does not travel on this topic");
        }
        return type.get();
    }
}
