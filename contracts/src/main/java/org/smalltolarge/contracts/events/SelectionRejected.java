package org.smalltolarge.contracts.events;

import java.time.Instant;
import java.util.List;
import org.smalltolarge.contracts.Event;

/**
 * A selection that cannot run, with every problem found (field paths as for studies), or that failed on the way
 * (its DsDm attribution or its training study was rejected: the path names the step).
 */
public record SelectionRejected(String selectionId, List<StudyRejected.FieldProblem> errors, Instant rejectedAt)
        implements Event {
    public SelectionRejected {
        Required.text("selection_id", selectionId);
        Required.nonEmpty("errors", errors);
        Required.value("rejected_at", rejectedAt);
        errors = List.copyOf(errors);
    }

    @Override
    public String key() {
        return selectionId;
    }

    @Override
    public String eventId() {
        return "selection.rejected:" + selectionId + ":" + rejectedAt.toEpochMilli();
    }
}
