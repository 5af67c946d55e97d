package org.smalltolarge.evaluator.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one trained run predicted, per suite. Identity fields repeat the plan so a mismatch between
 * stored predictions and the plan can be detected.
 *
 * @param role   {@code proxy} or {@code reference}
 * @param suites keyed by suite name; each value's {@code suite} equals its key
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunPredictions(String runId, String distribution, String scale, long seed, String role, double flops,
        Map<String, SuitePredictions> suites) {

    public RunPredictions {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("run predictions: run_id is missing");
        }
        String where = "run predictions '" + runId + "': ";
        if (distribution == null || distribution.isBlank()) {
            throw new IllegalArgumentException(where + "distribution is missing");
        }
        if (scale == null || scale.isBlank()) {
            throw new IllegalArgumentException(where + "scale is missing");
        }
        role = Roles.normalise(role, where + "role");
        if (suites == null) {
            throw new IllegalArgumentException(where + "suites is missing");
        }
        for (Map.Entry<String, SuitePredictions> e : suites.entrySet()) {
            if (e.getValue() == null || !e.getKey().equals(e.getValue().suite())) {
                throw new IllegalArgumentException(where + "suites['" + e.getKey() + "'] holds predictions for '"
                        + (e.getValue() == null ? null : e.getValue().suite()) + "'");
            }
        }
        suites = new TreeMap<>(suites);
        suites = java.util.Collections.unmodifiableMap(suites);
    }
}
