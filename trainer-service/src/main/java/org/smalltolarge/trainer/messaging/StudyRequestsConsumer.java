package org.smalltolarge.trainer.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.smalltolarge.contracts.Event;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.StudyRejected.FieldProblem;
import org.smalltolarge.contracts.events.StudyRequested;
import org.smalltolarge.contracts.events.StudyRequestedByReference;
import org.smalltolarge.kit.messaging.IncomingRecord;
import org.smalltolarge.kit.messaging.RecordHandling;
import org.smalltolarge.spec.SpecParseException;
import org.smalltolarge.spec.StudySpecs;
import org.smalltolarge.trainer.service.StudyIntake;

/**
 * Reads the studies topic. A record is either a CloudEvent {@code study.requested.v1} (the document inside),
 * {@code study.requested.v2} (a reference to a document that POST /studies stored), or, for users of a
 * stock Kafka client (kcat), a plain study document (YAML or JSON) as the value. What cannot be read as
 * either goes to the dead-letter topic with the reason; the consumer goes on with the next record.
 */
@ApplicationScoped
public class StudyRequestsConsumer {
    private static final Logger LOG = Logger.getLogger(StudyRequestsConsumer.class);

    private final StudyIntake intake;

    public StudyRequestsConsumer(StudyIntake intake) {
        this.intake = intake;
    }

    @Incoming("studies")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        return RecordHandling.handle(message, Topics.STUDIES, LOG, this::read);
    }

    private void read(IncomingRecord record) {
        if (record.claimsToBeEvent()) {
            Event event = record.event(); // the topic check already limits it to study.requested.v1 or v2
            if (event instanceof StudyRequestedByReference stored) {
                intake.accept(stored);
            } else {
                intake.accept((StudyRequested) event);
            }
            return;
        }
        String text = record.value();
        if (text == null || text.isBlank()) {
            throw record.malformed("empty value: neither a CloudEvent nor a study document");
        }
        JsonNode spec;
        try {
            spec = StudySpecs.parse(text);
        } catch (SpecParseException e) {
            if (record.key() == null || record.key().isBlank()) {
                throw record.malformed("neither a CloudEvent nor a study document, and no key to answer to: "
                        + e.getMessage());
            }
            intake.reject(record.key(), List.of(new FieldProblem("$", e.getMessage())));
            return;
        }
        String id = spec.path("id").isTextual() ? spec.get("id").asText() : record.key();
        if (id == null || id.isBlank()) {
            throw record.malformed("a study document without an id, and no key to name the study");
        }
        intake.accept(new StudyRequested(id, spec, Instant.now(), "kafka-client"));
    }
}
