package org.smalltolarge.trainer.worker;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.TrainingRequested;
import org.smalltolarge.kit.messaging.RecordHandling;
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
        return RecordHandling.handle(message, Topics.TRAINING_REQUESTS, LOG, record -> {
            TrainingRequested request = (TrainingRequested) record.event(); // the only type of this topic
            runs.insertIfAbsent(request, true);
            pool.wake(request.runId());
        });
    }
}
