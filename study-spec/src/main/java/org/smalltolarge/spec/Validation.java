package org.smalltolarge.spec;

import java.util.List;
import java.util.stream.Collectors;

/** The outcome of validating a study document: every problem found, or the typed spec. */
public final class Validation {

    private final List<FieldError> errors;
    private final StudySpec spec;

    private Validation(List<FieldError> errors, StudySpec spec) {
        this.errors = List.copyOf(errors);
        this.spec = spec;
    }

    static Validation ok(StudySpec spec) {
        return new Validation(List.of(), spec);
    }

    static Validation failed(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a failed validation needs at least one error");
        }
        return new Validation(errors, null);
    }

    /** Every problem, in document order (checks spanning several sections come last); empty when valid. */
    public List<FieldError> errors() {
        return errors;
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /** The validated spec. @throws InvalidSpecException listing the errors when the document is invalid */
    public StudySpec spec() {
        if (!valid()) {
            throw new InvalidSpecException(errors);
        }
        return spec;
    }

    @Override
    public String toString() {
        return valid() ? "valid study '" + spec.id() + "'"
                : errors.stream().map(FieldError::toString).collect(Collectors.joining("\n"));
    }
}
