package org.smalltolarge.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * One problem found in a study document.
 *
 * @param path   where: a field path such as {@code scales[1].model.heads}, or {@code $} for the whole document
 * @param reason what is wrong, in words a user can act on
 */
public record FieldError(@JsonProperty("path") String path, @JsonProperty("reason") String reason) {

    /** The path that stands for the document as a whole (its root). */
    public static final String ROOT = "$";

    public FieldError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
