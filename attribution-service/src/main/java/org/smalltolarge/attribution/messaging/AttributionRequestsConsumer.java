package org.smalltolarge.attribution.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.smalltolarge.attribution.service.AttributionIntake;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.AttributionRequested;
import org.smalltolarge.kit.messaging.RecordHandling;

/**
 * Reads attribution requests: each is planned and stored, and its models' study published, before the record is
 * acknowledged; a request with problems is answered by attribution.rejected; a malformed record is dead-lettered.
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
        return RecordHandling.handle(message, Topics.ATTRIBUTIONS, LOG,
                record -> intake.submit((AttributionRequested) record.event())); // the only type of this topic
    }
}
