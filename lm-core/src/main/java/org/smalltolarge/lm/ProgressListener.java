package org.smalltolarge.lm;

import java.nio.file.Path;

/** Receives training progress; called on the training thread, so keep it quick. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = progress -> { };

    void onProgress(TrainingProgress progress);

    /** A checkpoint was written (periodically, at the end, or on cancellation). */
    default void onCheckpoint(Path directory, TrainingState state) {
    }
}
