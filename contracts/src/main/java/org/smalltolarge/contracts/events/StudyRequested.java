package org.smalltolarge.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.smalltolarge.contracts.Event;

/**
 * A user asks for a study. The spec travels as the raw document (the tree of the YAML or JSON the user
 * wrote) rather than a typed record, so that an invalid spec still arrives intact and can be answered with
 * every field error instead of failing deserialisation.
 *
 * @param studyId the spec's id; the record key
 * @param spec the study document (see study-spec/README.md)
 * @param submittedBy free text naming who or what submitted it (CLI user, REST, kcat)
 */
public record StudyRequested(String studyId, JsonNode spec, Instant submittedAt, String submittedBy) implements Event {
    public StudyRequested {
        Required.text("study_id", studyId);
        Required.value("spec", spec);
        Required.value("submitted_at", submittedAt);
    }

    @Override
    public String key() {
        return studyId;
    }

    @Override
    public String eventId() {
        return "study.requested:" + studyId + ":" + submittedAt.toEpochMilli();
    }
}
