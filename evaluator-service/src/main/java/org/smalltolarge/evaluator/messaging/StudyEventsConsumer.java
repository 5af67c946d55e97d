package org.smalltolarge.evaluator.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.StudyPlanned;
import org.smalltolarge.contracts.events.StudyPlannedPart;
import org.smalltolarge.evaluator.service.EvaluationIntake;
import org.smalltolarge.kit.messaging.RecordHandling;

/**
 * Reads study events and keeps the plans (study.planned.v1 whole, or study.planned.v2 in parts): which runs to
 * wait for, the reference scale, the suites. Other study events (rejections, analyses, ours included) are
 * skipped; a record that is not a valid event of this topic goes to the dead-letter topic and the consumer
 * carries on.
 */
@ApplicationScoped
public class StudyEventsConsumer {
    private static final Logger LOG = Logger.getLogger(StudyEventsConsumer.class);

    private final EvaluationIntake intake;

    public StudyEventsConsumer(EvaluationIntake intake) {
        this.intake = intake;
    }

    @Incoming("study-events")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        return RecordHandling.handle(message, Topics.STUDY_EVENTS, LOG, record -> {
            EventType type = record.type();
            if (type != EventType.STUDY_PLANNED && type != EventType.STUDY_PLANNED_PART) {
                return;
            }
            try {
                if (record.event() instanceof StudyPlannedPart part) {
                    intake.plannedPart(part);
                } else {
                    intake.planned((StudyPlanned) record.event());
                }
            } catch (IllegalArgumentException e) { // a plan the analysis cannot use: the reason names the run
                throw record.malformed("unusable plan: " + e.getMessage());
            }
        });
    }
}
