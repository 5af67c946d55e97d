package org.smalltolarge.selector.domain;

import java.time.Instant;
import java.util.List;
import org.smalltolarge.contracts.events.SelectionCompleted;
import org.smalltolarge.contracts.events.SelectionRequested;
import org.smalltolarge.kit.claims.Claimed;

/**
 * A stored selection study, as the repository reads it.
 *
 * @param phase      the step a worker does next (or does now, while {@link SelectionStatus#WORKING})
 * @param selections the selections made so far (baselines first, then DsDm's)
 * @param results    the outcome once completed (the selection.completed.v1 payload)
 * @param takeovers  claims taken over from workers that vanished
 */
public record SelectionJob(String id, SelectionRequested request, SelectionStatus status, SelectionStatus phase,
                           Instant receivedAt, List<Selection> selections, String progress, String failure,
                           SelectionCompleted results, boolean completionPublished, int attempts, int takeovers)
        implements Claimed {
}
