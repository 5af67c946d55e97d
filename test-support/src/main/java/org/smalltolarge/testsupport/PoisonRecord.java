package org.smalltolarge.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Records that once stopped a consumer for good (each reproduced against the services): every service must send
 * them to its dead-letter topic with a reason and go on. Each is built for a topic and a key, the key being how a
 * test finds its dead letter again.
 */
public enum PoisonRecord {
    /** Valid CloudEvents headers of the topic's type, value the JSON literal {@code null}. */
    JSON_NULL_VALUE,
    /** Valid CloudEvents headers, no value at all (a tombstone). */
    TOMBSTONE,
    /** A {@code ce_type} header that carries no value. */
    CE_TYPE_WITHOUT_VALUE,
    /** Structured-mode content type with a body that is not JSON. */
    STRUCTURED_MODE_NOT_JSON;

    /** The record for {@code topic}; {@code ceType} is a type that travels there. */
    public ProducerRecord<String, String> on(String topic, String key, String ceType) {
        return switch (this) {
            case JSON_NULL_VALUE -> withHeaders(new ProducerRecord<>(topic, key, "null"), ceType);
            case TOMBSTONE -> withHeaders(new ProducerRecord<>(topic, key, null), ceType);
            case CE_TYPE_WITHOUT_VALUE -> {
                ProducerRecord<String, String> r = withHeaders(new ProducerRecord<>(topic, key, "{}"), null);
                r.headers().add("ce_type", null);
                yield r;
            }
            case STRUCTURED_MODE_NOT_JSON -> {
                ProducerRecord<String, String> r = new ProducerRecord<>(topic, key, "{this is not json");
                r.headers().add("content-type", bytes("application/cloudevents+json; charset=UTF-8"));
                yield r;
            }
        };
    }

    private static ProducerRecord<String, String> withHeaders(ProducerRecord<String, String> r, String ceType) {
        r.headers().add("ce_specversion", bytes("1.0"));
        r.headers().add("ce_id", bytes(UUID.randomUUID().toString()));
        if (ceType != null) {
            r.headers().add("ce_type", bytes(ceType));
        }
        r.headers().add("ce_source", bytes("/tests/poison"));
        r.headers().add("ce_time", bytes(Instant.now().toString()));
        r.headers().add("content-type", bytes("application/json"));
        return r;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
