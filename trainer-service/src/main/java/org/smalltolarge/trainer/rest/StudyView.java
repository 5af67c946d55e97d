package org.smalltolarge.trainer.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.smalltolarge.trainer.domain.Study;

/** A study as the planner stored it, over REST (snake_case JSON). */
@Schema(name = "Study", description = "A planned study: its canonical spec and its runs")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StudyView(
        String id,
        @Schema(description = "the validated study document in canonical JSON (see study-spec/README.md)") JsonNode spec,
        @Schema(description = "sha256 of the canonical spec; a resubmission under this id must match it") String specSha256,
        List<String> runIds,
        @Schema(enumeration = {"planned", "rejected"}) String status,
        @Schema(description = "why the study was rejected after it was stored (its events could not be published)") String rejection,
        @Schema(description = "rest, kafka-client or cli") String submittedBy,
        boolean plannedPublished,
        Instant createdAt) {

    static StudyView of(Study s) {
        return new StudyView(s.id(), s.spec(), s.specSha256(), s.runIds(), s.status(), s.rejection(), s.submittedBy(),
                s.plannedPublished(), s.createdAt());
    }
}
