package org.smalltolarge.contracts.events;

import java.time.Instant;
import java.util.List;
import org.smalltolarge.contracts.Event;

/**
 * A study request that cannot run, with every problem found at once.
 *
 * @param studyId the id from the request (or the record key when the spec had none)
 * @param errors each problem as a field path and a reason, e.g. {@code distributions[3].mixture.code_java}
 */
public record StudyRejected(String studyId, List<FieldProblem> errors, Instant rejectedAt) implements Event {
    public StudyRejected {
        Required.text("study_id", studyId);
        Required.nonEmpty("errors", errors);
        Required.value("rejected_at", rejectedAt);
        errors = List.copyOf(errors);
    }

    public record FieldProblem(String path, String reason) {
        public FieldProblem {
            Required.value("path", path);
            Required.text("reason", reason);
        }

        @Override
        public String toString() {
            return path.isEmpty() ? reason : path + ": " + reason;
        }
    }

    @Override
    public String key() {
        return studyId;
    }

    @Override
    public String eventId() {
        return "study.rejected:" + studyId + ":" + rejectedAt.toEpochMilli();
    }
}
