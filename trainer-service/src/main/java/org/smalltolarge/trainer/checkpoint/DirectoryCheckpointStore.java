package org.smalltolarge.trainer.checkpoint;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.smalltolarge.trainer.config.TrainerConfig;

/** Checkpoints in a directory tree: {@code <root>/<run id>/step-NNNNNNNNN/}. The default store. */
@ApplicationScoped
public class DirectoryCheckpointStore implements CheckpointStore {
    private final Path root;

    public DirectoryCheckpointStore(TrainerConfig config) {
        this.root = Path.of(config.checkpointDir()).toAbsolutePath().normalize();
    }

    @Override
    public Path workingDirectory(String runId) throws IOException {
        if (!runId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("run id '" + runId + "' is not usable as a directory name");
        }
        return Files.createDirectories(root.resolve(runId));
    }

    @Override
    public String publish(String runId, Path checkpoint) {
        Path absolute = checkpoint.toAbsolutePath().normalize();
        if (!absolute.startsWith(root)) {
            throw new IllegalArgumentException(checkpoint + " is outside the checkpoint store " + root);
        }
        return absolute.toUri().toString();
    }

    @Override
    public Path fetch(String uri) {
        Path path = Path.of(URI.create(uri));
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("no checkpoint at " + uri);
        }
        return path;
    }
}
