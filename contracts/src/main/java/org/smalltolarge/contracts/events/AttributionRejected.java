package org.smalltolarge.contracts.events;

import java.time.Instant;
import java.util.List;
import org.smalltolarge.contracts.Event;

/** An attribution request that cannot run, with every problem found (field paths as for studies). */
public record AttributionRejected(String attributionId, List<StudyRejected.FieldProblem> errors, Instant rejectedAt)
        implements Event {
    public AttributionRejected {
        Required.text("attribution_id", attributionId);
        Required.nonEmpty("errors", errors);
        Required.value("rejected_at", rejectedAt);
        errors = List.copyOf(errors);
    }

    @Override
    public String key() {
        return attributionId;
    }

    @Override
    public String eventId() {
        return "attribution.rejected:" + attributionId + ":" + rejectedAt.toEpochMilli();
    }
}
