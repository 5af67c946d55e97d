package org.smalltolarge.selector.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.AttributionCompleted;
import org.smalltolarge.contracts.events.AttributionRejected;
import org.smalltolarge.contracts.events.StudyAnalyzed;
import org.smalltolarge.contracts.events.StudyRejected;
import org.smalltolarge.contracts.events.TrainingFailed;
import org.smalltolarge.kit.messaging.RecordHandling;
import org.smalltolarge.selector.service.SelectionIntake;

/**
 * What the other services announce about a selection's work: DsDm's attribution completed or rejected, the training
 * study analysed or rejected, a training run failed. Events of other attributions and studies are skipped; a
 * malformed record is dead-lettered.
 */
@ApplicationScoped
public class PeerEventsConsumer {
    private static final Logger LOG = Logger.getLogger(PeerEventsConsumer.class);

    private final SelectionIntake intake;

    public PeerEventsConsumer(SelectionIntake intake) {
        this.intake = intake;
    }

    @Incoming("attribution-events")
    @Blocking
    public CompletionStage<Void> attributionEvents(Message<String> message) {
        return RecordHandling.handle(message, Topics.ATTRIBUTION_EVENTS, LOG, record -> {
            switch (record.type()) {
                case ATTRIBUTION_COMPLETED -> intake.attributionCompleted((AttributionCompleted) record.event());
                case ATTRIBUTION_REJECTED -> intake.attributionRejected((AttributionRejected) record.event());
                default -> { }
            }
        });
    }

    @Incoming("study-events")
    @Blocking
    public CompletionStage<Void> studyEvents(Message<String> message) {
        return RecordHandling.handle(message, Topics.STUDY_EVENTS, LOG, record -> {
            switch (record.type()) {
                case STUDY_ANALYZED -> intake.studyAnalyzed((StudyAnalyzed) record.event());
                case STUDY_REJECTED -> intake.studyRejected((StudyRejected) record.event());
                default -> { }
            }
        });
    }

    @Incoming("training-events")
    @Blocking
    public CompletionStage<Void> trainingEvents(Message<String> message) {
        return RecordHandling.handle(message, Topics.TRAINING_EVENTS, LOG, record -> {
            if (record.type() == org.smalltolarge.contracts.EventType.TRAINING_FAILED) {
                intake.trainingFailed((TrainingFailed) record.event());
            }
        });
    }
}
