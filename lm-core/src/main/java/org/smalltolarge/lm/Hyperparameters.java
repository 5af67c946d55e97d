package org.smalltolarge.lm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What defines a training run's result besides the model shape and the data: recorded in every checkpoint and
 * taken from it on resume. How a process runs the training (threads, device, checkpoint interval) is
 * {@link RuntimeSettings} and not part of the result.
 *
 * <p>Checkpoints written before the split stored these fields together with the runtime ones under
 * {@code settings}; those extra fields are ignored when such a checkpoint is read.
 *
 * @param batchSize        windows per optimizer step
 * @param learningRate     peak learning rate, reached at the end of warm-up
 * @param minLearningRate  where the cosine decay ends, at the last step
 * @param warmupSteps      linear warm-up from 0 to {@code learningRate}
 * @param clipNorm         global gradient-norm clip (0 or less: no clipping)
 * @param weightDecay      decoupled AdamW decay, applied to matrices only (not biases or LayerNorm gains)
 * @param beta1            AdamW first-moment decay
 * @param beta2            AdamW second-moment decay
 * @param epsilon          AdamW denominator guard
 * @param seed             parameter initialisation seed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Hyperparameters(
        int batchSize,
        double learningRate,
        double minLearningRate,
        int warmupSteps,
        double clipNorm,
        double weightDecay,
        double beta1,
        double beta2,
        double epsilon,
        long seed) {

    public Hyperparameters {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (!(learningRate > 0) || minLearningRate < 0 || minLearningRate > learningRate) {
            throw new IllegalArgumentException("need 0 <= minLearningRate <= learningRate and learningRate > 0, got "
                    + minLearningRate + " and " + learningRate);
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
        }
        if (weightDecay < 0) {
            throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("need 0 <= beta1, beta2 < 1 and epsilon > 0, got beta1 " + beta1
                    + ", beta2 " + beta2 + ", epsilon " + epsilon);
        }
    }

    /** nanoGPT-like defaults for small byte-level models: batch 32, lr 1e-3 to 1e-4, 100 warm-up steps. */
    public static Hyperparameters defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder().batchSize(batchSize).learningRate(learningRate).minLearningRate(minLearningRate)
                .warmupSteps(warmupSteps).clipNorm(clipNorm).weightDecay(weightDecay).betas(beta1, beta2)
                .epsilon(epsilon).seed(seed);
    }

    /** Linear warm-up to the peak, then cosine decay to {@code minLearningRate} at {@code totalSteps}. */
    public double learningRateAt(long step, long totalSteps) {
        if (step < warmupSteps) {
            return learningRate * (step + 1) / warmupSteps;
        }
        long decaySteps = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        return minLearningRate + 0.5 * (1 + Math.cos(Math.PI * progress)) * (learningRate - minLearningRate);
    }

    /** Collects values; {@link #build()} checks them together. */
    public static final class Builder {
        private int batchSize = 32;
        private double learningRate = 1e-3;
        private double minLearningRate = 1e-4;
        private int warmupSteps = 100;
        private double clipNorm = 1.0;
        private double weightDecay = 0.1;
        private double beta1 = 0.9;
        private double beta2 = 0.95;
        private double epsilon = 1e-8;
        private long seed = 1234L;

        private Builder() {
        }

        public Builder batchSize(int windowsPerStep) {
            this.batchSize = windowsPerStep;
            return this;
        }

        public Builder learningRate(double peak) {
            this.learningRate = peak;
            return this;
        }

        public Builder minLearningRate(double end) {
            this.minLearningRate = end;
            return this;
        }

        public Builder warmupSteps(int steps) {
            this.warmupSteps = steps;
            return this;
        }

        /** Peak, end of the cosine decay, and warm-up steps at once. */
        public Builder learningRate(double peak, double end, int warmup) {
            return learningRate(peak).minLearningRate(end).warmupSteps(warmup);
        }

        public Builder clipNorm(double maxGlobalNorm) {
            this.clipNorm = maxGlobalNorm;
            return this;
        }

        public Builder weightDecay(double decay) {
            this.weightDecay = decay;
            return this;
        }

        public Builder betas(double first, double second) {
            this.beta1 = first;
            this.beta2 = second;
            return this;
        }

        public Builder epsilon(double guard) {
            this.epsilon = guard;
            return this;
        }

        public Builder seed(long initSeed) {
            this.seed = initSeed;
            return this;
        }

        public Hyperparameters build() {
            return new Hyperparameters(batchSize, learningRate, minLearningRate, warmupSteps, clipNorm, weightDecay,
                    beta1, beta2, epsilon, seed);
        }
    }
}
