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
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.contracts.events.TrainingFailed;
import org.smalltolarge.kit.messaging.RecordHandling;

/**
 * Reads training events: a completed or failed run of an attribution's study is recorded on the attribution (runs of
 * other studies are skipped); progress is skipped; a malformed record is dead-lettered.
 */
@ApplicationScoped
public class TrainingEventsConsumer {
    private static final Logger LOG = Logger.getLogger(TrainingEventsConsumer.class);

    private final AttributionIntake intake;

    public TrainingEventsConsumer(AttributionIntake intake) {
        this.intake = intake;
    }

    @Incoming("training-events")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        return RecordHandling.handle(message, Topics.TRAINING_EVENTS, LOG, record -> {
            if (record.type() == EventType.TRAINING_COMPLETED) {
                intake.modelCompleted((TrainingCompleted) record.event());
            } else if (record.type() == EventType.TRAINING_FAILED) {
                intake.modelFailed((TrainingFailed) record.event());
            }
        });
    }
}
