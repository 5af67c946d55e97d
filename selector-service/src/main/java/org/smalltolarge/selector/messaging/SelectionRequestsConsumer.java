package org.smalltolarge.selector.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.smalltolarge.contracts.MalformedEventException;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.SelectionRequested;
import org.smalltolarge.contracts.events.StudyRejected.FieldProblem;
import org.smalltolarge.kit.messaging.IncomingRecord;
import org.smalltolarge.kit.messaging.RecordHandling;
import org.smalltolarge.selector.service.SelectionDocuments;
import org.smalltolarge.selector.service.SelectionIntake;

/**
 * Reads selection requests: each is validated and stored before the record is acknowledged; a request with problems
 * is answered by selection.rejected; a malformed record is dead-lettered. Besides selection.requested.v1
 * CloudEvents, a plain YAML or JSON document is accepted (what a stock Kafka client publishes from a file), with the
 * defaults of {@link SelectionDocuments}.
 */
@ApplicationScoped
public class SelectionRequestsConsumer {
    private static final Logger LOG = Logger.getLogger(SelectionRequestsConsumer.class);

    private final SelectionIntake intake;

    public SelectionRequestsConsumer(SelectionIntake intake) {
        this.intake = intake;
    }

    @Incoming("selection-requests")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        return RecordHandling.handle(message, Topics.SELECTIONS, LOG, this::read);
    }

    private void read(IncomingRecord record) {
        if (record.claimsToBeEvent()) {
            intake.submit((SelectionRequested) record.event()); // the only type of this topic
            return;
        }
        String text = record.value();
        if (text == null || text.isBlank()) {
            throw record.malformed("empty value: neither a CloudEvent nor a selection document");
        }
        String key = record.key() == null || record.key().isBlank() ? null : record.key();
        SelectionRequested request;
        try {
            request = SelectionDocuments.parse(text, key, "kafka-client");
        } catch (MalformedEventException e) {
            if (key == null) {
                throw record.malformed("neither a CloudEvent nor a selection document, and no key to answer to: "
                        + e.getMessage());
            }
            intake.reject(key, List.of(new FieldProblem("$", e.getMessage())));
            return;
        }
        intake.submit(request);
    }
}
