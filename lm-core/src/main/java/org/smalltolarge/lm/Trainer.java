package org.smalltolarge.lm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Trains a {@link GptModel} with AdamW, warm-up + cosine learning rate and global-norm clipping, in fp32.
 * Each step reads the next {@code batchSize} windows by index, so a run resumed from a checkpoint sees
 * exactly the data the uninterrupted run would have seen and (same thread count and device) ends bit-identical.
 *
 * <p>Every array a step creates is released when the step ends (an {@link NDScope}), so native memory
 * stays flat. Autograd is driven directly rather than through DJL's {@code GradientCollector}, which
 * allows only one per JVM; several trainers may therefore run on different threads of one process.
 */
public final class Trainer implements AutoCloseable {

    private final NDManager manager;
    private final GptModel model;
    private final AdamW optimizer;
    private final RuntimeSettings runtime;
    private final Device device;
    private TrainingState state;

    private Trainer(NDManager manager, GptModel model, AdamW optimizer, RuntimeSettings runtime,
                    TrainingState state) {
        this.manager = manager;
        this.model = model;
        this.optimizer = optimizer;
        this.runtime = runtime;
        this.device = manager.getDevice();
        this.state = state;
    }

    /**
     * A fresh run planned to consume {@code tokenBudget} tokens (rounded up to whole steps), run with
     * {@code runtime}'s threads (set on the calling thread) and device.
     */
    public static Trainer start(GptConfig config, Hyperparameters hyperparameters, RuntimeSettings runtime,
                                long tokenBudget, Map<String, String> dataDescription) {
        long tokensPerStep = (long) hyperparameters.batchSize() * config.context();
        long totalSteps = Math.max(1, (tokenBudget + tokensPerStep - 1) / tokensPerStep);
        NDManager manager = openManager(runtime);
        GptModel model = GptModel.initialize(config, hyperparameters.seed(), manager);
        TrainingState state = new TrainingState(config, hyperparameters, totalSteps, 0, 0,
                manager.getDevice().toString(), Double.NaN, dataDescription);
        return new Trainer(manager, model, new AdamW(model), runtime, state);
    }

    /**
     * Continues the run saved in {@code checkpointDir} with its recorded hyperparameters, run with this process's
     * {@code runtime} settings; refuses a damaged checkpoint. With the thread count and device the run had, it ends
     * bit-identical to an uninterrupted run; with others, equivalent but different in the last bits.
     */
    public static Trainer resume(Path checkpointDir, RuntimeSettings runtime) throws IOException {
        Checkpoints.Checkpoint checkpoint = Checkpoints.load(checkpointDir);
        TrainingState saved = checkpoint.state();
        NDManager manager = openManager(runtime);
        try {
            GptModel model = GptModel.fromValues(saved.config(), checkpoint.parameters(), manager);
            AdamW optimizer = new AdamW(model);
            optimizer.restore(checkpoint.optimizer(), checkpoint.optimizerSteps());
            TrainingState state = new TrainingState(saved.config(), saved.hyperparameters(), saved.totalSteps(),
                    saved.step(), saved.windowsConsumed(), manager.getDevice().toString(), saved.lastLoss(),
                    saved.data());
            return new Trainer(manager, model, optimizer, runtime, state);
        } catch (IllegalArgumentException e) {
            manager.close();
            throw new CheckpointException(checkpointDir, e.getMessage(), e);
        }
    }

    private static NDManager openManager(RuntimeSettings runtime) {
        NativeRuntime.configureThreads(runtime.threads(), runtime.interopThreads());
        return NDManager.newBaseManager(NativeRuntime.resolveDevice(runtime.device()), "PyTorch");
    }

    /**
     * Trains until {@code totalSteps}, until {@code cancelled} says so, or until the thread is interrupted,
     * checking between steps. With a {@code checkpointRoot}, checkpoints every
     * {@link RuntimeSettings#checkpointEvery} steps and once more when it stops.
     */
    public TrainingState train(TrainingWindows data, ProgressListener listener, Path checkpointRoot,
                               BooleanSupplier cancelled) throws IOException {
        return trainUntil(state.totalSteps(), data, listener, checkpointRoot, cancelled);
    }

    /** Like {@link #train} but stops after {@code lastStep} steps in all (at most the planned total). */
    public TrainingState trainUntil(long lastStep, TrainingWindows data, ProgressListener listener,
                                    Path checkpointRoot, BooleanSupplier cancelled) throws IOException {
        long stopAt = Math.min(lastStep, state.totalSteps());
        long startTokens = state.tokensSeen();
        long startNanos = System.nanoTime();
        int every = runtime.checkpointEvery();
        while (state.step() < stopAt && !cancelled.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            double lr = state.hyperparameters().learningRateAt(state.step(), state.totalSteps());
            double loss = step(data, lr);
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            double tokensPerSecond = (state.tokensSeen() - startTokens) / seconds;
            double eta = (state.totalSteps() - state.step()) * (double) tokensPerStep() / tokensPerSecond;
            listener.onProgress(new TrainingProgress(state.step(), state.totalSteps(), state.tokensSeen(), loss, lr,
                    tokensPerSecond, eta));
            if (checkpointRoot != null && every > 0 && state.step() % every == 0 && state.step() < stopAt) {
                listener.onCheckpoint(checkpoint(checkpointRoot), state);
            }
        }
        if (checkpointRoot != null && state.step() > 0) {
            listener.onCheckpoint(checkpoint(checkpointRoot), state);
        }
        return state;
    }

    /** Saves the current state under {@code root} (see {@link Checkpoints}). */
    public Path checkpoint(Path root) throws IOException {
        return Checkpoints.save(root, model, optimizer, state);
    }

    private long tokensPerStep() {
        return (long) state.hyperparameters().batchSize() * model.config().context();
    }

    /** One optimizer step on the next batch; returns its loss. */
    private double step(TrainingWindows data, double learningRate) {
        Hyperparameters s = state.hyperparameters();
        int batch = s.batchSize();
        int context = model.config().context();
        long[] inputs = new long[batch * context];
        long[] targets = new long[batch * context];
        fillBatch(data, state.windowsConsumed(), inputs, targets);
        double loss;
        try (NDScope scope = new NDScope()) {
            NDArray x = manager.create(inputs, new Shape(batch, context));
            NDArray y = manager.create(targets, new Shape(batch, context));
            NDArray lossArray = NativeRuntime.withGradMode(true, () -> {
                NDArray l = GptModel.targetLogProbs(model.logits(x), y).mean().neg();
                JniUtils.backward((PtNDArray) l, (PtNDArray) manager.ones(l.getShape()), false, false);
                return l;
            });
            loss = lossArray.getFloat();
            optimizer.step(learningRate, clipScale(s.clipNorm()), s);
        }
        state = new TrainingState(state.config(), s, state.totalSteps(), state.step() + 1,
                state.windowsConsumed() + batch, state.device(), loss, state.data());
        return loss;
    }

    /** The factor that brings the global gradient norm down to {@code clipNorm} (1 when already below). */
    private double clipScale(double clipNorm) {
        if (clipNorm <= 0) {
            return 1.0;
        }
        NDArray sumOfSquares = null;
        for (NDArray p : model.parameters().values()) {
            NDArray squares = p.getGradient().square().sum();
            sumOfSquares = sumOfSquares == null ? squares : sumOfSquares.add(squares);
        }
        double norm = Math.sqrt(sumOfSquares.getFloat());
        return norm > clipNorm ? clipNorm / (norm + 1e-6) : 1.0;
    }

    private void fillBatch(TrainingWindows data, long firstWindow, long[] inputs, long[] targets) {
        int context = model.config().context();
        if (data.context() != context) {
            throw new IllegalArgumentException("training windows have context " + data.context()
                    + " but the model's context is " + context);
        }
        long count = data.count();
        if (count <= 0) {
            throw new IllegalArgumentException("training windows are empty");
        }
        int batch = inputs.length / context;
        for (int b = 0; b < batch; b++) {
            long index = (firstWindow + b) % count;
            int[] w = data.window(index);
            if (w.length != context + 1) {
                throw new IllegalArgumentException("window " + index + " has " + w.length + " tokens, expected "
                        + (context + 1));
            }
            for (int t = 0; t < context; t++) {
                inputs[b * context + t] = checkToken(w[t], index);
                targets[b * context + t] = checkToken(w[t + 1], index);
            }
        }
    }

    private long checkToken(int token, long window) {
        if (token < 0 || token >= model.config().vocab()) {
            throw new IllegalArgumentException("window " + window + " holds token " + token + ", outside [0, "
                    + model.config().vocab() + ")");
        }
        return token;
    }

    public TrainingState state() {
        return state;
    }

    public GptModel model() {
        return model;
    }

    /** The device this run trains on (recorded in checkpoints as {@link TrainingState#device()}). */
    public Device device() {
        return device;
    }

    @Override
    public void close() {
        manager.close();
    }
}
