package org.smalltolarge.lm;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checkpoints in a directory tree, {@code <root>/<run id>/step-NNNNNNNNN/}, addressed by {@code file:} URIs. A
 * {@link #readOnly()} store has no root: it only fetches, which is all a consumer of published checkpoints needs.
 */
public final class DirectoryCheckpointStore implements CheckpointStore {

    private final Path root; // null: read-only

    /** A store that writes under {@code root} (created on first use). */
    public DirectoryCheckpointStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    private DirectoryCheckpointStore() {
        this.root = null;
    }

    /** A store that fetches {@code file:} URIs wherever they point and writes nothing. */
    public static DirectoryCheckpointStore readOnly() {
        return new DirectoryCheckpointStore();
    }

    @Override
    public Path workingDirectory(String runId) throws IOException {
        if (!runId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("run id '" + runId + "' is not usable as a directory name");
        }
        return Files.createDirectories(writableRoot().resolve(runId));
    }

    @Override
    public String publish(String runId, Path checkpoint) {
        Path absolute = checkpoint.toAbsolutePath().normalize();
        if (!absolute.startsWith(writableRoot())) {
            throw new IllegalArgumentException(checkpoint + " is outside the checkpoint store " + root);
        }
        return absolute.toUri().toString();
    }

    @Override
    public Path fetch(String uri) throws CheckpointException {
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("checkpoint URI '" + uri + "' is not a URI: " + e.getMessage(), e);
        }
        if (!"file".equals(parsed.getScheme())) {
            throw new CheckpointException("checkpoint URI '" + uri + "' is not a file: URI; the directory checkpoint"
                    + " store reads file: URIs only", null);
        }
        Path dir;
        try {
            dir = Path.of(parsed);
        } catch (IllegalArgumentException e) { // e.g. a host or a query in the URI
            throw new CheckpointException("checkpoint URI '" + uri + "' names no local path: " + e.getMessage(), e);
        }
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException("no checkpoint at " + uri + " (" + dir + " is not a directory)", null);
        }
        return dir;
    }

    private Path writableRoot() {
        if (root == null) {
            throw new UnsupportedOperationException("a read-only directory checkpoint store has no root to write under");
        }
        return root;
    }
}
