package org.smalltolarge.kit.claims;

import java.util.List;

/**
 * The statuses a collection of claimable work uses, as stored (they are part of what REST and users see).
 *
 * @param claimed  the status of an item a worker owns (e.g. "running")
 * @param open     statuses from which an item may be claimed (e.g. "planned")
 * @param ageField the date field that orders candidates, oldest first (e.g. "created_at")
 */
public record ClaimStates(String claimed, List<String> open, String ageField) {
    public ClaimStates {
        open = List.copyOf(open);
        if (open.isEmpty() || open.contains(claimed)) {
            throw new IllegalArgumentException("open statuses " + open + " must be non-empty and exclude '" + claimed + "'");
        }
    }
}
