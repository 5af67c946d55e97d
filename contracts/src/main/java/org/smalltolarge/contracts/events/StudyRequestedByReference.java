package org.smalltolarge.contracts.events;

import java.time.Instant;
import org.smalltolarge.contracts.Event;

/**
 * A user asks for a study whose document the trainer already stored (study.requested.v2): the trainer's REST
 * endpoint keeps the document as written and publishes this reference instead of the document, so that a study
 * of any size travels as a small event. Only the trainer can resolve it; other producers publish
 * study.requested.v1 or a plain document.
 *
 * @param studyId        the spec's id; the record key
 * @param documentSha256 sha256 (hex) of the study document as submitted (its UTF-8 text), under which the trainer
 *                       stored it
 * @param submittedBy    free text naming who or what submitted it
 */
public record StudyRequestedByReference(String studyId, String documentSha256, Instant submittedAt,
        String submittedBy) implements Event {
    public StudyRequestedByReference {
        Required.text("study_id", studyId);
        Required.text("document_sha256", documentSha256);
        Required.value("submitted_at", submittedAt);
    }

    @Override
    public String key() {
        return studyId;
    }

    @Override
    public String eventId() {
        return "study.requested:" + studyId + ":" + documentSha256 + ":" + submittedAt.toEpochMilli();
    }
}
