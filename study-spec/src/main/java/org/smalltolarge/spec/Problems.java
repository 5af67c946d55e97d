package org.smalltolarge.spec;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem found while reading a document, so the user sees them all at once. */
final class Problems {

    private final List<FieldError> errors = new ArrayList<>();

    void add(String path, String reason) {
        errors.add(new FieldError(path, reason));
    }

    /** Number of problems so far; comparing two counts tells whether a section added any. */
    int count() {
        return errors.size();
    }

    List<FieldError> list() {
        return List.copyOf(errors);
    }
}
