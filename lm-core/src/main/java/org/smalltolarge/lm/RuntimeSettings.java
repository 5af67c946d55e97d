package org.smalltolarge.lm;

/**
 * How this process runs a training: not part of the run's identity and not recorded in checkpoints, so a run
 * may be resumed by a process with other settings. The same thread count on the same device keeps the result
 * bit-identical; another thread count or device gives an equivalent result that differs in the last bits.
 *
 * @param threads          intra-op threads of the native engine, set on the thread that calls
 *                         {@link Trainer#start} or {@link Trainer#resume} (OpenMP keeps the count per calling
 *                         thread; see {@link NativeRuntime#configureThreads})
 * @param interopThreads   inter-op threads (only the first configuration in a process can set them)
 * @param device           "cpu", "cuda" or "auto" (CUDA when the engine sees a GPU, else CPU)
 * @param checkpointEvery  steps between periodic checkpoints (0 or less: only at the end or on cancel)
 */
public record RuntimeSettings(int threads, int interopThreads, String device, int checkpointEvery) {

    public RuntimeSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (interopThreads < 1) {
            throw new IllegalArgumentException("interopThreads must be >= 1, got " + interopThreads);
        }
        if (device == null || !(device.equals("cpu") || device.equals("cuda") || device.equals("auto"))) {
            throw new IllegalArgumentException("device must be \"cpu\", \"cuda\" or \"auto\", got " + device);
        }
    }

    /** 2 intra-op threads, 1 inter-op thread, device "auto", a checkpoint every 500 steps. */
    public static RuntimeSettings defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects values; {@link #build()} checks them together. */
    public static final class Builder {
        private int threads = 2;
        private int interopThreads = 1;
        private String device = "auto";
        private int checkpointEvery = 500;

        private Builder() {
        }

        public Builder threads(int intraOp) {
            this.threads = intraOp;
            return this;
        }

        public Builder interopThreads(int interOp) {
            this.interopThreads = interOp;
            return this;
        }

        public Builder device(String setting) {
            this.device = setting;
            return this;
        }

        public Builder checkpointEvery(int steps) {
            this.checkpointEvery = steps;
            return this;
        }

        public RuntimeSettings build() {
            return new RuntimeSettings(threads, interopThreads, device, checkpointEvery);
        }
    }
}
