package org.smalltolarge.trainer.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.smalltolarge.contracts.Event;
import org.smalltolarge.contracts.MalformedEventException;
import org.smalltolarge.contracts.events.StudyRejected.FieldProblem;
import org.smalltolarge.contracts.events.StudyRequested;
import org.smalltolarge.contracts.kafka.CloudEventRecords;
import org.smalltolarge.spec.SpecParseException;
import org.smalltolarge.spec.StudySpecs;
import org.smalltolarge.trainer.service.StudyIntake;

/**
 * Reads the studies topic. A record is either a CloudEvent {@code study.requested.v1}, or, for users of a
 * stock Kafka client (kcat), a plain study document (YAML or JSON) as the value. What cannot be read as
 * either is nacked and lands on the dead-letter topic; the consumer goes on with the next record.
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
        try {
            Optional<StudyRequested> request = read(message);
            request.ifPresent(intake::accept);
            return message.ack();
        } catch (MalformedEventException e) {
            LOG.warnf("dead-lettering a record of s2l.studies: %s", e.getMessage());
            return message.nack(e);
        }
    }

    /** Empty when the record was answered already (a plain document that does not parse: rejected). */
    private Optional<StudyRequested> read(Message<String> message) {
        if (message.getMetadata(IncomingCloudEventMetadata.class).isPresent()) {
            Event event = CloudEventRecords.decode(message);
            if (event instanceof StudyRequested request) {
                return Optional.of(request);
            }
            throw new MalformedEventException("s2l.studies carries study.requested.v1 only, got "
                    + message.getMetadata(IncomingCloudEventMetadata.class).get().getType());
        }
        String key = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getKey() == null ? null : m.getKey().toString()).orElse(null);
        String text = message.getPayload();
        if (text == null || text.isBlank()) {
            throw new MalformedEventException("empty record (key " + key + ") on s2l.studies");
        }
        JsonNode spec;
        try {
            spec = StudySpecs.parse(text);
        } catch (SpecParseException e) {
            if (key == null || key.isBlank()) {
                throw new MalformedEventException("record on s2l.studies is neither a CloudEvent nor a study "
                        + "document, and has no key to answer to: " + e.getMessage(), e);
            }
            intake.reject(key, List.of(new FieldProblem("$", e.getMessage())));
            return Optional.empty();
        }
        String id = spec.path("id").isTextual() ? spec.get("id").asText() : key;
        if (id == null || id.isBlank()) {
            throw new MalformedEventException("study document on s2l.studies has no id and the record has no key");
        }
        return Optional.of(new StudyRequested(id, spec, Instant.now(), "kafka-client"));
    }
}
