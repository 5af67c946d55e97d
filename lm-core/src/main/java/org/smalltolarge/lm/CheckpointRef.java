package org.smalltolarge.lm;

/**
 * A checkpoint as announced to its consumers: where it lives in a {@link CheckpointStore} and its identity,
 * the sha256 of its manifest ({@link Checkpoints#digest}). {@link CheckpointStore#fetchVerified} hands out the
 * checkpoint only if it still has that identity.
 */
public record CheckpointRef(String uri, String manifestSha256) {

    public CheckpointRef {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("a checkpoint reference needs a URI, got " + uri);
        }
        if (manifestSha256 == null || manifestSha256.isBlank()) {
            throw new IllegalArgumentException("the checkpoint reference to " + uri + " has no manifest sha256");
        }
    }
}
