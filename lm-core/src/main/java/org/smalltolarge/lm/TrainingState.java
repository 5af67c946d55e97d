package org.smalltolarge.lm;

import com.fasterxml.jackson.annotation.JsonAlias;

import java.util.Map;

/**
 * Where a run stands: everything besides the arrays that a checkpoint needs to continue exactly.
 *
 * @param config          model shape
 * @param hyperparameters what the run was started with (read from {@code settings} in checkpoints written
 *                        before hyperparameters and runtime settings were split)
 * @param totalSteps      planned optimizer steps (the learning-rate schedule depends on it)
 * @param step            optimizer steps completed
 * @param windowsConsumed data windows used so far; the next batch starts at this index
 * @param device          device the run last trained on ("cpu", "gpu(0)", ...)
 * @param lastLoss        training loss of the last completed step (NaN before the first)
 * @param data            caller-supplied description of the data (sampler seed, mixture id, ...)
 */
public record TrainingState(
        GptConfig config,
        @JsonAlias("settings") Hyperparameters hyperparameters,
        long totalSteps,
        long step,
        long windowsConsumed,
        String device,
        double lastLoss,
        Map<String, String> data) {

    public TrainingState {
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    public long tokensSeen() {
        return windowsConsumed * config.context();
    }
}
