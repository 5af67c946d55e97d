package org.smalltolarge.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Optimiser settings shared by every run of a study (AdamW with linear warmup then cosine decay).
 *
 * @param warmupFraction share of the steps spent warming the learning rate up, in [0, 1)
 * @param gradClip       global gradient-norm clip
 */
public record TrainingSettings(
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("learning_rate") double learningRate,
        @JsonProperty("warmup_fraction") double warmupFraction,
        @JsonProperty("weight_decay") double weightDecay,
        @JsonProperty("grad_clip") double gradClip) {

    public static final TrainingSettings DEFAULTS = new TrainingSettings(32, 0.003, 0.05, 0.1, 1.0);

    public TrainingSettings {
        if (batchSize <= 0 || !(learningRate > 0) || !(warmupFraction >= 0 && warmupFraction < 1)
                || !(weightDecay >= 0) || !(gradClip > 0)) {
            throw new IllegalArgumentException("invalid training settings: " + batchSize + ", " + learningRate
                    + ", " + warmupFraction + ", " + weightDecay + ", " + gradClip);
        }
    }
}
