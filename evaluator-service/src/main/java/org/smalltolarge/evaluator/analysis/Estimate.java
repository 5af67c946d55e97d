package org.smalltolarge.evaluator.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.smalltolarge.stats.Bootstrap;
import org.smalltolarge.stats.StatResult;

/**
 * A point estimate with its bootstrap percentile interval. Undefined parts are null with a reason, never NaN.
 *
 * @param resamplesSkipped resamples where the statistic was undefined (not part of the interval)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Estimate(Double value, String reason, Double ciLow, Double ciHigh, double ciLevel, int resamples,
        int resamplesUsed, int resamplesSkipped, String ciReason) {

    static Estimate undefined(String reason, double level) {
        return new Estimate(null, reason, null, null, level, 0, 0, 0, reason);
    }

    static Estimate of(StatResult point, Bootstrap.Interval ci) {
        if (!point.defined()) {
            return new Estimate(null, point.reason(), null, null, ci.level(), ci.resamples(), ci.used(),
                    ci.skipped(), "the point estimate is undefined");
        }
        return new Estimate(point.value(), null, ci.low(), ci.high(), ci.level(), ci.resamples(), ci.used(),
                ci.skipped(), ci.reason());
    }
}
