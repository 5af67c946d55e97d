package org.smalltolarge.trainer.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A study as the planner stored it.
 *
 * @param spec             the validated spec in canonical JSON
 * @param specSha256       digest of that canonical JSON: a resubmission with the same id must match it
 * @param runIds           the planned runs
 * @param status           "planned" (the planner's part is done once runs are stored), or "rejected" when its events
 *                         could not be published after it was stored
 * @param rejection        why it was rejected, or null
 * @param plannedPublished whether study.planned reached Kafka
 */
public record Study(String id, JsonNode spec, String specSha256, List<String> runIds, String status,
        String rejection, String submittedBy, boolean plannedPublished, Instant createdAt) {
    public boolean rejected() {
        return "rejected".equals(status);
    }
}
