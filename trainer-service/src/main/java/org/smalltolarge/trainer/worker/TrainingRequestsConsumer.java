package org.smalltolarge.trainer.worker;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.smalltolarge.contracts.Event;
import org.smalltolarge.contracts.MalformedEventException;
import org.smalltolarge.contracts.events.TrainingRequested;
import org.smalltolarge.contracts.kafka.CloudEventRecords;
import org.smalltolarge.trainer.repository.RunRepository;

/**
 * Reads training requests. A record is acknowledged as soon as its run is recorded in MongoDB and handed to
 * the local worker pool: training takes minutes to days and never happens inside the message lifecycle.
 * MongoDB, not Kafka, is then the truth about the run, so a request that this process accepted but never
 * trained (it died) is found again by any worker's scan.
 */
@ApplicationScoped
public class TrainingRequestsConsumer {
    private static final Logger LOG = Logger.getLogger(TrainingRequestsConsumer.class);

    private final RunRepository runs;
    private final WorkerPool pool;

    public TrainingRequestsConsumer(RunRepository runs, WorkerPool pool) {
        this.runs = runs;
        this.pool = pool;
    }

    @Incoming("requests")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        TrainingRequested request;
        try {
            Event event = CloudEventRecords.decode(message);
            if (!(event instanceof TrainingRequested r)) {
                throw new MalformedEventException("s2l.training-requests carries training.requested.v1 only, got "
                        + event.getClass().getSimpleName());
            }
            request = r;
        } catch (MalformedEventException e) {
            LOG.warnf("dead-lettering a record of s2l.training-requests: %s", e.getMessage());
            return message.nack(e);
        }
        runs.insertIfAbsent(request, true);
        pool.wake(request.runId());
        return message.ack();
    }
}
