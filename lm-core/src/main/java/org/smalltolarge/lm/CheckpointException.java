package org.smalltolarge.lm;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint that is incomplete, damaged, of another format, or not the one announced; the message says which
 * checkpoint or file and why.
 */
public class CheckpointException extends IOException {

    public CheckpointException(Path where, String problem) {
        super("checkpoint " + where + ": " + problem);
    }

    public CheckpointException(Path where, String problem, Throwable cause) {
        super("checkpoint " + where + ": " + problem, cause);
    }

    /** For problems found before there is a directory to name (a reference or URI): the message names it. */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
