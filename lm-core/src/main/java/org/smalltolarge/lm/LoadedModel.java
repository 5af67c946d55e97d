package org.smalltolarge.lm;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint's model, loaded for inference on one device (its parameters record no gradients). It owns the native memory it allocated (its manager
 * and the model's parameters): close it when done.
 *
 * <pre>
 * try (LoadedModel loaded = LoadedModel.open(store, ref, "auto")) {
 *     List&lt;TokenScores&gt; scores = new TokenScorer(loaded.model(), 32).score(rows);
 * }
 * </pre>
 */
public final class LoadedModel implements AutoCloseable {

    private final NDManager manager;
    private final GptModel model;
    private final TrainingState state;
    private final Path directory;

    private LoadedModel(NDManager manager, GptModel model, TrainingState state, Path directory) {
        this.manager = manager;
        this.model = model;
        this.state = state;
        this.directory = directory;
    }

    /**
     * Fetches the referenced checkpoint from {@code store} (refused unless it is the announced one, see
     * {@link CheckpointStore#fetchVerified}) and loads it.
     */
    public static LoadedModel open(CheckpointStore store, CheckpointRef ref, String device) throws IOException {
        return open(store.fetchVerified(ref), device);
    }

    /**
     * Loads the checkpoint in {@code checkpointDir} (every file re-hashed against its manifest) onto {@code device}:
     * "cpu", "cuda" or "auto", as {@link NativeRuntime#resolveDevice} reads it.
     */
    public static LoadedModel open(Path checkpointDir, String device) throws IOException {
        Checkpoints.Checkpoint checkpoint = Checkpoints.load(checkpointDir);
        NDManager manager = NDManager.newBaseManager(NativeRuntime.resolveDevice(device), "PyTorch");
        try {
            GptModel model = GptModel.fromValues(checkpoint.state().config(), checkpoint.parameters(), manager,
                    false);
            return new LoadedModel(manager, model, checkpoint.state(), checkpointDir);
        } catch (IllegalArgumentException e) {
            manager.close();
            throw new CheckpointException(checkpointDir, e.getMessage(), e);
        }
    }

    public GptModel model() {
        return model;
    }

    public GptConfig config() {
        return model.config();
    }

    /** The training state the checkpoint recorded (step, tokens seen, hyperparameters, ...). */
    public TrainingState state() {
        return state;
    }

    /** The local checkpoint directory it was loaded from. */
    public Path directory() {
        return directory;
    }

    public Device device() {
        return manager.getDevice();
    }

    @Override
    public void close() {
        model.close();
        manager.close();
    }
}
