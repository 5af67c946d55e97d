package org.smalltolarge.contracts;

import java.util.Arrays;
import java.util.Optional;
import org.smalltolarge.contracts.events.AttributionCompleted;
import org.smalltolarge.contracts.events.AttributionRejected;
import org.smalltolarge.contracts.events.AttributionRequested;
import org.smalltolarge.contracts.events.PredictionsReady;
import org.smalltolarge.contracts.events.SelectionCompleted;
import org.smalltolarge.contracts.events.SelectionRejected;
import org.smalltolarge.contracts.events.SelectionRequested;
import org.smalltolarge.contracts.events.StudyAnalyzed;
import org.smalltolarge.contracts.events.StudyPlanned;
import org.smalltolarge.contracts.events.StudyPlannedPart;
import org.smalltolarge.contracts.events.StudyRejected;
import org.smalltolarge.contracts.events.StudyRequested;
import org.smalltolarge.contracts.events.StudyRequestedByReference;
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.contracts.events.TrainingFailed;
import org.smalltolarge.contracts.events.TrainingProgress;
import org.smalltolarge.contracts.events.TrainingRequested;

/**
 * Every event the services exchange: its CloudEvents {@code type} (versioned: a breaking change is a new
 * type, never an edit), the payload record, the topic it travels on, and its JSON Schema file
 * ({@code /schemas/<type>.json} in this module). The key of every record is {@link #keyOf}.
 */
public enum EventType {
    STUDY_REQUESTED("study.requested.v1", StudyRequested.class, Topics.STUDIES),
    STUDY_REQUESTED_BY_REFERENCE("study.requested.v2", StudyRequestedByReference.class, Topics.STUDIES),
    STUDY_REJECTED("study.rejected.v1", StudyRejected.class, Topics.STUDY_EVENTS),
    STUDY_PLANNED("study.planned.v1", StudyPlanned.class, Topics.STUDY_EVENTS),
    STUDY_PLANNED_PART("study.planned.v2", StudyPlannedPart.class, Topics.STUDY_EVENTS),
    STUDY_ANALYZED("study.analyzed.v1", StudyAnalyzed.class, Topics.STUDY_EVENTS),
    TRAINING_REQUESTED("training.requested.v1", TrainingRequested.class, Topics.TRAINING_REQUESTS),
    TRAINING_PROGRESS("training.progress.v1", TrainingProgress.class, Topics.TRAINING_EVENTS),
    TRAINING_COMPLETED("training.completed.v1", TrainingCompleted.class, Topics.TRAINING_EVENTS),
    TRAINING_FAILED("training.failed.v1", TrainingFailed.class, Topics.TRAINING_EVENTS),
    PREDICTIONS_READY("predictions.ready.v1", PredictionsReady.class, Topics.PREDICTIONS),
    ATTRIBUTION_REQUESTED("attribution.requested.v1", AttributionRequested.class, Topics.ATTRIBUTIONS),
    ATTRIBUTION_REJECTED("attribution.rejected.v1", AttributionRejected.class, Topics.ATTRIBUTION_EVENTS),
    ATTRIBUTION_COMPLETED("attribution.completed.v1", AttributionCompleted.class, Topics.ATTRIBUTION_EVENTS),
    SELECTION_REQUESTED("selection.requested.v1", SelectionRequested.class, Topics.SELECTIONS),
    SELECTION_REJECTED("selection.rejected.v1", SelectionRejected.class, Topics.SELECTION_EVENTS),
    SELECTION_COMPLETED("selection.completed.v1", SelectionCompleted.class, Topics.SELECTION_EVENTS);

    private final String type;
    private final Class<? extends Event> payloadType;
    private final String topic;

    EventType(String type, Class<? extends Event> payloadType, String topic) {
        this.type = type;
        this.payloadType = payloadType;
        this.topic = topic;
    }

    /** The CloudEvents {@code ce_type}, e.g. {@code training.completed.v1}. */
    public String type() {
        return type;
    }

    public Class<? extends Event> payloadType() {
        return payloadType;
    }

    public String topic() {
        return topic;
    }

    /** Class-path location of the JSON Schema that documents this payload. */
    public String schemaResource() {
        return "/schemas/" + type + ".json";
    }

    public static Optional<EventType> ofType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.type.equals(ceType)).findFirst();
    }

    public static EventType of(Event event) {
        return Arrays.stream(values()).filter(t -> t.payloadType.isInstance(event)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a contract event: " + event.getClass()));
    }
}
