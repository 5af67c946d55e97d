package org.smalltolarge.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the study's results are to be read (the optional {@code analysis} section).
 *
 * @param recommendMinCorrelation the Pearson r (proxy against reference, across distributions) a proxy scale must
 *                                reach, within its confidence interval, for the analysis to recommend it; in
 *                                (0, 1]. Null: the reference's seed-to-seed noise ceiling decides, where the study
 *                                has at least 2 reference seeds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnalysisSettings(@JsonProperty("recommend_min_correlation") Double recommendMinCorrelation) {

    public AnalysisSettings {
        if (recommendMinCorrelation != null && !(recommendMinCorrelation > 0 && recommendMinCorrelation <= 1)) {
            throw new IllegalArgumentException("recommend_min_correlation must lie in (0, 1], got "
                    + recommendMinCorrelation);
        }
    }
}
