package org.smalltolarge.contracts.events;

import java.util.Collection;

/** Checks of required payload fields; the message names the JSON field, which is what a producer sees. */
final class Required {
    private Required() {
    }

    static void value(String field, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
    }

    static void text(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required and must not be blank");
        }
    }

    static void nonEmpty(String field, Collection<?> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(field + " is required and must not be empty");
        }
    }
}
