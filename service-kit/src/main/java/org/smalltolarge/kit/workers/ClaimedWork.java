package org.smalltolarge.kit.workers;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.smalltolarge.kit.claims.Claimed;

/**
 * What a service plugs into {@link WorkerSlots}: how to claim an item, where to find claimable items when no
 * wake-up arrives, and what to do with a claimed one.
 *
 * @param <T> the claimed item, a typed record of the service's repository
 */
public interface ClaimedWork<T extends Claimed> {
    /** Claims the item for {@code worker}; empty when someone else owns it or it is finished. */
    Optional<T> claim(String id, String worker);

    /** Ids that could be claimed now, oldest first, a few at a time (the scan of an idle slot). */
    List<String> candidates();

    /**
     * Does the work. Runs on the slot's thread, outside any message lifecycle; must end the claim (finish or
     * release) itself, and should return soon after {@code stopping} turns true.
     */
    void process(T item, String worker, BooleanSupplier stopping);

    /**
     * Renews {@code worker}'s claim on the item (its heartbeat); false when the claim was lost to another worker.
     * Called from the slots' lease thread while {@link #process} runs, whatever phase the work is in.
     */
    boolean renew(T item, String worker);

    /** Ends the claimed item as failed with the reason, without doing the work (it kept losing its workers). */
    void giveUp(T item, String worker, String reason);
}
