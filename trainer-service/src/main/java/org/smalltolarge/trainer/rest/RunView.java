package org.smalltolarge.trainer.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.contracts.events.TrainingProgress;
import org.smalltolarge.contracts.events.TrainingRequested;
import org.smalltolarge.trainer.domain.TrainingRun;

/** A training run over REST (snake_case JSON; absent values are left out). */
@Schema(name = "Run", description = "A training run: its request, where it stands, and its result")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunView(
        @Schema(description = "run id: study id + hash of the run's definition") String id,
        String studyId,
        @Schema(enumeration = {"planned", "running", "completed", "failed"}) String status,
        String distribution,
        String scale,
        long seed,
        @Schema(enumeration = {"proxy", "reference"}) String role,
        @Schema(description = "the training.requested.v1 payload that defines the run") TrainingRequested request,
        @Schema(description = "whether the request reached Kafka") boolean requestPublished,
        @Schema(description = "worker holding (or last holding) the run: <pod or host>-<pid>/<slot>") String worker,
        @Schema(description = "claims so far; a take-over after a crash is a new attempt") Integer attempts,
        @Schema(description = "claims taken over from workers that stopped renewing theirs") Integer takeovers,
        String device,
        @Schema(description = "the latest training.progress.v1 payload") TrainingProgress progress,
        @Schema(description = "training seconds over all attempts") Double trainSeconds,
        @Schema(description = "the training.completed.v1 payload, once completed") TrainingCompleted result,
        @Schema(description = "why the run failed") String failure,
        @Schema(description = "what workers had to work around, oldest first (e.g. a damaged checkpoint passed over)")
        List<TrainingRun.Note> history,
        Instant createdAt,
        Instant claimedAt,
        Instant heartbeatAt,
        Instant completedAt,
        Instant failedAt) {

    static RunView of(TrainingRun run) {
        TrainingRequested r = run.request();
        return new RunView(run.id(), run.studyId(), run.status().stored(), r.distribution().name(), r.scale().name(),
                r.seed(), r.role(), r, run.requestPublished(), run.worker(),
                run.attempts() == 0 ? null : run.attempts(), run.takeovers() == 0 ? null : run.takeovers(), run.device(), run.progress(),
                run.attempts() == 0 ? null : run.trainSeconds(), run.result(), run.failure(),
                run.history().isEmpty() ? null : run.history(), run.createdAt(),
                run.claimedAt(), run.heartbeatAt(), run.completedAt(), run.failedAt());
    }
}
