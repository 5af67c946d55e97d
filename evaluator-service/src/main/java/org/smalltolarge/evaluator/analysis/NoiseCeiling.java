package org.smalltolarge.evaluator.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * How well one reference seed predicts another across distributions: the best a proxy can be expected to
 * reach. Means are over the seed pairs where the correlation is defined.
 *
 * @param meanR2 mean over pairs of the squared Pearson correlation
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NoiseCeiling(List<Long> seeds, List<SeedPair> pairs, Double meanPearson, Double meanSpearman,
        Double meanR2, String reason) {

    public NoiseCeiling {
        seeds = List.copyOf(seeds);
        pairs = List.copyOf(pairs);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SeedPair(long seedA, long seedB, int distributions, Double pearson, Double spearman,
            String reason) {
    }
}
