package org.smalltolarge.evaluator.analysis;

import java.util.Locale;

/** The two roles a run plays in a study. */
public final class Roles {
    public static final String PROXY = "proxy";
    public static final String REFERENCE = "reference";

    private Roles() {
    }

    /** Lower-cases {@code role} (the planner's enum prints upper case) and refuses anything else. */
    static String normalise(String role, String field) {
        String r = role == null ? "" : role.toLowerCase(Locale.ROOT);
        if (!PROXY.equals(r) && !REFERENCE.equals(r)) {
            throw new IllegalArgumentException(field + " must be proxy or reference, got '" + role + "'");
        }
        return r;
    }
}
