package org.smalltolarge.spec;

import java.util.List;
import java.util.stream.Collectors;

/** Asked for the spec of an invalid document; carries every error so callers can report them all. */
public class InvalidSpecException extends IllegalStateException {

    private final List<FieldError> errors;

    public InvalidSpecException(List<FieldError> errors) {
        super("invalid study document:\n" + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
