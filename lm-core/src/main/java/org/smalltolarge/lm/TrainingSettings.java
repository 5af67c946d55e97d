package org.smalltolarge.lm;

/**
 * Everything that steers a training run besides the model shape and the data.
 *
 * @param threads          intra-op threads of the native engine (process-wide)
 * @param interopThreads   inter-op threads (settable once per process, before any native work)
 * @param device           "cpu", "cuda" or "auto" (CUDA when the engine sees a GPU, else CPU)
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
 * @param checkpointEvery  steps between periodic checkpoints (0 or less: only at the end or on cancel)
 */
public record TrainingSettings(
        int threads,
        int interopThreads,
        String device,
        int batchSize,
        double learningRate,
        double minLearningRate,
        int warmupSteps,
        double clipNorm,
        double weightDecay,
        double beta1,
        double beta2,
        double epsilon,
        long seed,
        int checkpointEvery) {

    public TrainingSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (interopThreads < 1) {
            throw new IllegalArgumentException("interopThreads must be >= 1, got " + interopThreads);
        }
        if (device == null || !(device.equals("cpu") || device.equals("cuda") || device.equals("auto"))) {
            throw new IllegalArgumentException("device must be \"cpu\", \"cuda\" or \"auto\", got " + device);
        }
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
            throw new IllegalArgumentException("need 0 <= beta1, beta2 < 1 and epsilon > 0");
        }
    }

    /** nanoGPT-like defaults for small byte-level models: 2 threads, auto device, batch 32, lr 1e-3. */
    public static TrainingSettings defaults() {
        return new TrainingSettings(2, 1, "auto", 32, 1e-3, 1e-4, 100, 1.0, 0.1, 0.9, 0.95, 1e-8, 1234L, 500);
    }

    public TrainingSettings withThreads(int newThreads) {
        return new TrainingSettings(newThreads, interopThreads, device, batchSize, learningRate, minLearningRate,
                warmupSteps, clipNorm, weightDecay, beta1, beta2, epsilon, seed, checkpointEvery);
    }

    public TrainingSettings withDevice(String newDevice) {
        return new TrainingSettings(threads, interopThreads, newDevice, batchSize, learningRate, minLearningRate,
                warmupSteps, clipNorm, weightDecay, beta1, beta2, epsilon, seed, checkpointEvery);
    }

    public TrainingSettings withBatchSize(int newBatchSize) {
        return new TrainingSettings(threads, interopThreads, device, newBatchSize, learningRate, minLearningRate,
                warmupSteps, clipNorm, weightDecay, beta1, beta2, epsilon, seed, checkpointEvery);
    }

    public TrainingSettings withLearningRate(double peak, double min, int warmup) {
        return new TrainingSettings(threads, interopThreads, device, batchSize, peak, min,
                warmup, clipNorm, weightDecay, beta1, beta2, epsilon, seed, checkpointEvery);
    }

    public TrainingSettings withSeed(long newSeed) {
        return new TrainingSettings(threads, interopThreads, device, batchSize, learningRate, minLearningRate,
                warmupSteps, clipNorm, weightDecay, beta1, beta2, epsilon, newSeed, checkpointEvery);
    }

    public TrainingSettings withCheckpointEvery(int steps) {
        return new TrainingSettings(threads, interopThreads, device, batchSize, learningRate, minLearningRate,
                warmupSteps, clipNorm, weightDecay, beta1, beta2, epsilon, seed, steps);
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
}
