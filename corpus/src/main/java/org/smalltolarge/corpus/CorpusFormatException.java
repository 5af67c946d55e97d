package org.smalltolarge.corpus;

import java.nio.file.Path;

/** Malformed input, always naming where: file and line, or a field. */
public class CorpusFormatException extends RuntimeException {
    public CorpusFormatException(String message) {
        super(message);
    }

    public CorpusFormatException(Path file, long line, String problem) {
        super(file + ":" + line + ": " + problem);
    }

    public CorpusFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
