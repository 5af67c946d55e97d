package org.smalltolarge.evaluator.rest;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A run's per-example predictions over REST (snake_case JSON). */
@Schema(name = "RunPredictions", description = "Per-example predictions of one run on every suite scored so far")
public record RunPredictionsView(
        String runId,
        String studyId,
        @Schema(description = "the evaluation's status; the suites are complete once it is 'evaluated'",
                enumeration = {"pending", "awaiting_plan", "evaluating", "evaluated", "failed"}) String status,
        @Schema(description = "one entry per suite, sorted by suite name") List<SuitePredictionsView> suites) {
}
