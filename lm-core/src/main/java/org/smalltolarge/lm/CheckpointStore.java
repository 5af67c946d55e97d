package org.smalltolarge.lm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Where runs keep their checkpoints. Training writes to a local working directory per run ({@link Checkpoints}'
 * format); a store makes each checkpoint durable and addressable by URI, and gives consumers a local directory for
 * a URI. The directory store ({@link DirectoryCheckpointStore}) needs no copy (it is a volume every pod mounts); the
 * object store ({@link S3CheckpointStore}) uploads in {@link #publish}, downloads a claimed run's newest checkpoint
 * in {@link #restore} and fetches into a cache in {@link #fetch}. {@link CheckpointStores} picks one by URI scheme.
 */
public interface CheckpointStore {

    /** The working directory of a run: its periodic checkpoints live here, and a restarted worker resumes from it. */
    Path workingDirectory(String runId) throws IOException;

    /**
     * Makes a checkpoint of the run durable and returns its URI (e.g. {@code file:/...}, {@code s3://...}). Called
     * for every checkpoint a worker keeps (periodic ones too), so that a worker elsewhere can resume the run.
     */
    String publish(String runId, Path checkpoint) throws IOException;

    /**
     * Before a claimed run is resumed: makes its newest intact checkpoint available in its working directory and
     * returns that directory. Problems passed over (a damaged checkpoint in the store) are reported to
     * {@code notes}. The directory store has nothing to do: the working directory is the store.
     */
    default Path restore(String runId, Consumer<String> notes) throws IOException {
        return workingDirectory(runId);
    }

    /**
     * A consumer is done with a checkpoint it fetched: a store that copied it into a cache deletes the copy (an
     * evaluator scores thousands of runs, and a cache that keeps every checkpoint fills its disk). The directory
     * store copies nothing and keeps everything.
     */
    default void release(Path fetched) throws IOException {
    }

    /**
     * A local directory holding the checkpoint at {@code uri}, ready for {@link Checkpoints#load}. Refuses a string
     * that is not a URI, a URI this store does not serve, or one with nothing behind it.
     */
    Path fetch(String uri) throws CheckpointException;

    /**
     * As {@link #fetch}, but only if the checkpoint is the one referenced: its manifest's sha256 equals the announced
     * one. Every file is re-hashed against the manifest later, by {@link Checkpoints#load}.
     */
    default Path fetchVerified(CheckpointRef ref) throws CheckpointException {
        Path dir = fetch(ref.uri());
        Path manifest = dir.resolve(Checkpoints.MANIFEST_FILE);
        if (!Files.isRegularFile(manifest)) {
            throw new CheckpointException("no checkpoint at " + ref.uri() + " (" + manifest + " is missing)", null);
        }
        String actual;
        try {
            actual = Checkpoints.digest(dir);
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + manifest + ": " + e.getMessage(), e);
        }
        if (!actual.equals(ref.manifestSha256())) {
            throw new CheckpointException("checkpoint sha256 mismatch: " + manifest + " has sha256 " + actual
                    + " but " + ref.manifestSha256() + " was announced (the checkpoint was replaced or damaged after"
                    + " it was announced)", null);
        }
        return dir;
    }

    /**
     * As {@link #fetchVerified}, and only if the checkpoint is the final one of run {@code runId}
     * ({@link Checkpoints#checkFinalOf}): an announcement naming another run's checkpoint, or one from the middle of
     * a run, is refused even when its sha256 matches what it points at.
     */
    default Path fetchFinal(String runId, CheckpointRef ref) throws CheckpointException {
        Path dir = fetchVerified(ref);
        Checkpoints.checkFinalOf(runId, dir);
        return dir;
    }
}
