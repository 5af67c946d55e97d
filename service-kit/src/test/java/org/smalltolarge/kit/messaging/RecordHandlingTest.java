package org.smalltolarge.kit.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.smalltolarge.contracts.MalformedEventException;

/** Whatever a handler does, the record ends acknowledged or nacked with a reason; nothing escapes. */
class RecordHandlingTest {
    private static final Logger LOG = Logger.getLogger(RecordHandlingTest.class);

    private final AtomicBoolean acked = new AtomicBoolean();
    private final AtomicReference<Throwable> nacked = new AtomicReference<>();

    private Message<String> message() {
        return Message.of("payload")
                .withAck(() -> {
                    acked.set(true);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(t -> {
                    nacked.set(t);
                    return CompletableFuture.completedFuture(null);
                });
    }

    @Test
    void aHandledRecordIsAcknowledged() {
        RecordHandling.handle(message(), "t", LOG, r -> assertEquals("payload", r.value()));
        assertTrue(acked.get());
        assertNull(nacked.get());
    }

    @Test
    void aRefusedRecordIsNackedWithTheRefusal() {
        RecordHandling.handle(message(), "t", LOG, r -> {
            throw r.malformed("no good");
        });
        assertEquals("record on t (key none): no good", nacked.get().getMessage());
    }

    @Test
    void aHandlerBugDeadLettersTheRecordInsteadOfStoppingTheConsumer() {
        RecordHandling.handle(message(), "t", LOG, r -> {
            throw new NullPointerException("oops");
        });
        assertTrue(nacked.get() instanceof MalformedEventException);
        assertTrue(nacked.get().getMessage().contains("could not be handled: java.lang.NullPointerException: oops"),
                nacked.get().getMessage());
    }

    @Test
    void aRecordWaitsWhileMongoIsUnreachableAndIsHandledAfterwards() {
        AtomicInteger calls = new AtomicInteger();
        RecordHandling.handle(message(), "t", LOG, r -> {
            if (calls.incrementAndGet() < 3) {
                throw new MongoTimeoutException("no server");
            }
        });
        assertEquals(3, calls.get());
        assertTrue(acked.get(), "not dead-lettered: the fault was not the record's");
        assertNull(nacked.get());
    }
}
