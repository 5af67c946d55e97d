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
import org.smalltolarge.contracts.events.StudyRejected;
import org.smalltolarge.kit.messaging.RecordHandling;

/** Reads study events for one thing: the trainer refusing an attribution's study fails the attribution. */
@ApplicationScoped
public class StudyEventsConsumer {
    private static final Logger LOG = Logger.getLogger(StudyEventsConsumer.class);

    private final AttributionIntake intake;

    public StudyEventsConsumer(AttributionIntake intake) {
        this.intake = intake;
    }

    @Incoming("study-events")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        return RecordHandling.handle(message, Topics.STUDY_EVENTS, LOG, record -> {
            if (record.type() == EventType.STUDY_REJECTED) {
                intake.studyRejected((StudyRejected) record.event());
            }
        });
    }
}
