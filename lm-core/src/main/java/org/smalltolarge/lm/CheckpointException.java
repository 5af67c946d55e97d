package org.smalltolarge.lm;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint that is incomplete, damaged or of another format; the message says which file and why. */
public class CheckpointException extends IOException {

    public CheckpointException(Path where, String problem) {
        super("checkpoint " + where + ": " + problem);
    }

    public CheckpointException(Path where, String problem, Throwable cause) {
        super("checkpoint " + where + ": " + problem, cause);
    }
}
