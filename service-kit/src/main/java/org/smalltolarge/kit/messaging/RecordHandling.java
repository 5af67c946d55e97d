package org.smalltolarge.kit.messaging;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.smalltolarge.contracts.MalformedEventException;

/**
 * How every consumer ends a record, whatever fails: handled records are acknowledged; records that cannot be read
 * or handled are nacked with the reason, which sends them to the service's dead-letter topic (its
 * {@code dead-letter-reason} header) while the consumer goes on; while MongoDB is unreachable the record waits
 * and is retried, because the fault is not the record's and dead-lettering it would lose good work.
 * An exception must never escape a consumer method: the connector would stop the channel for good.
 */
public final class RecordHandling {
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(10);

    /** What a consumer does with one record; it throws {@link MalformedEventException} for a record it refuses. */
    @FunctionalInterface
    public interface Handler {
        void handle(IncomingRecord record);
    }

    private RecordHandling() {
    }

    /** {@code s2l_dead_lettered_records_total{topic}}: records this service could not read or handle. */
    private static void deadLettered(String topic) {
        Metrics.counter("s2l.dead.lettered.records", "topic", topic).increment();
    }

    /** Handles the message on {@code topic}; the returned stage is the ack or the nack. */
    public static CompletionStage<Void> handle(Message<String> message, String topic, Logger log, Handler handler) {
        IncomingRecord record;
        try {
            record = IncomingRecord.of(message, topic);
        } catch (RuntimeException e) {
            log.warnf("dead-lettering an unreadable record of %s: %s", topic, e);
            deadLettered(topic);
            return message.nack(e);
        }
        Duration wait = FIRST_RETRY;
        while (true) {
            try {
                handler.handle(record);
                return message.ack();
            } catch (MongoTimeoutException | MongoSocketException e) {
                log.warnf("MongoDB unreachable while handling a record of %s (key %s): %s; retrying in %s", topic,
                        record.key(), e.getMessage(), wait);
                if (!sleep(wait)) {
                    return message.nack(e);
                }
                wait = wait.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait.multipliedBy(2);
            } catch (MalformedEventException e) {
                log.warnf("dead-lettering a record of %s: %s", topic, e.getMessage());
                deadLettered(topic);
                return message.nack(e);
            } catch (RuntimeException e) {
                log.errorf(e, "dead-lettering a record of %s (key %s) that could not be handled", topic, record.key());
                deadLettered(topic);
                return message.nack(new MalformedEventException("record on " + topic + " (key " + record.key()
                        + ") could not be handled: " + e, e));
            }
        }
    }

    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
