package org.smalltolarge.trainer.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where runs keep their checkpoints. Training writes to a local working directory per run (lm-core's format);
 * a store makes the final checkpoint durable and addressable by URI. The directory store needs no copy (it is
 * a persistent volume in Kubernetes); an object store would upload in {@link #publish} and download in
 * {@link #fetch}.
 */
public interface CheckpointStore {
    /** The working directory of a run: its periodic checkpoints live here, and a restarted worker resumes from it. */
    Path workingDirectory(String runId) throws IOException;

    /** Makes a finished checkpoint durable and returns its URI (e.g. {@code file:/...}). */
    String publish(String runId, Path checkpoint) throws IOException;

    /** A local directory holding the checkpoint at {@code uri}, ready for lm-core's {@code Checkpoints.load}. */
    Path fetch(String uri) throws IOException;
}
