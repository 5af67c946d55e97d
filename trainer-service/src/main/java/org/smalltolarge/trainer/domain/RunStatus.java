package org.smalltolarge.trainer.domain;

import java.util.Arrays;
import java.util.Locale;

/** Where a training run stands; stored (and shown by REST) in lower case. */
public enum RunStatus {
    /** Stored by the planner; waits for a worker. */
    PLANNED,
    /** Claimed by a worker that renews its heartbeat. */
    RUNNING,
    /** Trained to its budget; the checkpoint is published. */
    COMPLETED,
    /** Ended with a reason; not retried. */
    FAILED;

    public String stored() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus ofStored(String value) {
        return Arrays.stream(values()).filter(s -> s.stored().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown run status '" + value + "' in storage"));
    }
}
