package org.smalltolarge.evaluator.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.evaluator.service.EvaluationIntake;
import org.smalltolarge.kit.messaging.RecordHandling;

/**
 * Reads training events. A training.completed.v1 is acknowledged as soon as the run is recorded in MongoDB and
 * handed to the worker pool: scoring happens outside the message lifecycle, and MongoDB is then the truth about
 * the run. Progress and failure events are skipped; a malformed record goes to the dead-letter topic.
 */
@ApplicationScoped
public class TrainingEventsConsumer {
    private static final Logger LOG = Logger.getLogger(TrainingEventsConsumer.class);

    private final EvaluationIntake intake;

    public TrainingEventsConsumer(EvaluationIntake intake) {
        this.intake = intake;
    }

    @Incoming("training-events")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        return RecordHandling.handle(message, Topics.TRAINING_EVENTS, LOG, record -> {
            if (record.type() == EventType.TRAINING_COMPLETED) {
                intake.completed((TrainingCompleted) record.event());
            }
        });
    }
}
