package org.smalltolarge.contracts;

/** A record that does not honour its contract. Consumers nack it, which sends it to the dead-letter topic. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
