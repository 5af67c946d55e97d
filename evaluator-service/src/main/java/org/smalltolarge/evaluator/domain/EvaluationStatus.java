package org.smalltolarge.evaluator.domain;

import java.util.Arrays;
import java.util.Locale;

/** Where the evaluation of a trained run stands; stored (and shown by REST) in lower case. */
public enum EvaluationStatus {
    /** Its training.completed is recorded; nobody scores it yet. */
    PENDING,
    /** Its study's plan has not arrived (topics are not ordered with each other). */
    AWAITING_PLAN,
    /** Claimed by a worker that renews its heartbeat. */
    EVALUATING,
    /** Predictions stored. */
    EVALUATED,
    /** Refused with a reason (bad checkpoint, a run no study planned, ...). */
    FAILED;

    public String stored() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EvaluationStatus ofStored(String value) {
        return Arrays.stream(values()).filter(s -> s.stored().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown evaluation status '" + value + "' in storage"));
    }
}
