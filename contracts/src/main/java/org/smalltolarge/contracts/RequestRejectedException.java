package org.smalltolarge.contracts;

import java.util.List;
import org.smalltolarge.contracts.events.StudyRejected.FieldProblem;

/**
 * A request (attribution, selection) that decodes but cannot run, with every problem found at its field path: the
 * service answers it with its rejected event and stores nothing.
 */
public final class RequestRejectedException extends Exception {
    private final List<FieldProblem> problems;

    public RequestRejectedException(List<FieldProblem> problems) {
        super(problems.toString());
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
