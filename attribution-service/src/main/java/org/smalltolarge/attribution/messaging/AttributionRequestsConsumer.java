package org.smalltolarge.attribution.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.smalltolarge.attribution.service.AttributionIntake;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.AttributionRequested;
import org.smalltolarge.kit.messaging.RequestDocuments;
import org.smalltolarge.kit.messaging.IncomingRecord;
import org.smalltolarge.kit.messaging.RecordHandling;
import org.smalltolarge.contracts.MalformedEventException;
import org.smalltolarge.contracts.events.StudyRejected.FieldProblem;
import java.util.List;

/**
 * Reads attribution requests: each is planned and stored, and its models' study published, before the record is
 * acknowledged; a request with problems is answered by attribution.rejected; a malformed record is dead-lettered.
 * Besides attribution.requested.v1 CloudEvents, a plain YAML or JSON document with the same fields is accepted (what
 * a stock Kafka client publishes from a file): its id defaults to the record key, {@code requested_at} to now.
 */
@ApplicationScoped
public class AttributionRequestsConsumer {
    private static final Logger LOG = Logger.getLogger(AttributionRequestsConsumer.class);

    private final AttributionIntake intake;

    public AttributionRequestsConsumer(AttributionIntake intake) {
        this.intake = intake;
    }

    @Incoming("attribution-requests")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        return RecordHandling.handle(message, Topics.ATTRIBUTIONS, LOG, this::read);
    }

    private void read(IncomingRecord record) {
        if (record.claimsToBeEvent()) {
            intake.submit((AttributionRequested) record.event()); // the only type of this topic
            return;
        }
        String text = record.value();
        if (text == null || text.isBlank()) {
            throw record.malformed("empty value: neither a CloudEvent nor an attribution document");
        }
        String key = record.key() == null || record.key().isBlank() ? null : record.key();
        AttributionRequested request;
        try {
            request = RequestDocuments.parse(EventType.ATTRIBUTION_REQUESTED, "attribution_id", text, key,
                    "kafka-client", d -> { });
        } catch (MalformedEventException e) {
            if (key == null) {
                throw record.malformed("neither a CloudEvent nor an attribution document, and no key to answer to: "
                        + e.getMessage());
            }
            intake.reject(key, List.of(new FieldProblem("$", e.getMessage())));
            return;
        }
        intake.submit(request);
    }
}
