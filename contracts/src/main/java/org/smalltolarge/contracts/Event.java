package org.smalltolarge.contracts;

/**
 * A payload that travels on Kafka. {@link #key()} is its natural id (study id or run id), used as the
 * record key; {@link #eventId()} is a deterministic CloudEvents id, so a replayed event is recognisably
 * the same event.
 */
public interface Event {
    String key();

    /** Deterministic id: the type plus the natural id (and a sequence where one key has many events). */
    String eventId();
}
