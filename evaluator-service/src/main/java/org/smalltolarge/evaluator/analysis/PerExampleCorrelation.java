package org.smalltolarge.evaluator.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;
import java.util.TreeMap;
import org.smalltolarge.stats.Histogram;

/**
 * Per test example: Pearson's r of the proxy's loss against the reference's loss across distributions,
 * summarised over the examples.
 *
 * @param undefinedReasons how many examples were undefined for each reason
 * @param histogram        of the defined correlations over [-1, 1]
 * @param reason           why nothing could be computed; null otherwise
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PerExampleCorrelation(int items, int defined, int undefined, Map<String, Integer> undefinedReasons,
        Double median, Double mean, Histogram histogram, String reason) {

    public PerExampleCorrelation {
        undefinedReasons = java.util.Collections.unmodifiableMap(new TreeMap<>(undefinedReasons));
    }
}
