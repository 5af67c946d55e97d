package org.smalltolarge.evaluator.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.smalltolarge.evaluator.analysis.SuitePredictions;

/** One run's predictions on one suite: parallel arrays, one entry per item, in the suite's item order. */
@Schema(name = "SuitePredictions", description = "Per-example predictions of one run on one suite")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SuitePredictionsView(
        String suite,
        @Schema(description = "sha256 of the suite version scored; only compare predictions with equal hashes")
        String contentHash,
        @Schema(enumeration = {"text", "cloze", "choice"}) String kind,
        @Schema(description = "probability of a right answer by guessing; absent when there is no right answer")
        Double chance,
        List<String> itemIds,
        @Schema(description = "mean negative log-likelihood per scored token (nats); for choice items, of the right option")
        double[] losses,
        @Schema(description = "was the model right; absent for text suites") boolean[] correct,
        @Schema(description = "choice suites: the option the model ranked first (0-based)") int[] chosen) {

    static SuitePredictionsView of(SuitePredictions p) {
        return new SuitePredictionsView(p.suite(), p.contentHash(), p.kind(), p.hasChance() ? p.chance() : null,
                p.itemIds(), p.losses(), p.correct(), p.chosen());
    }
}
