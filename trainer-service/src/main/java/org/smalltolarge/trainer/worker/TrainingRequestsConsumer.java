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
import org.smalltolarge.trainer.domain.TrainingRun;
import org.smalltolarge.trainer.repository.RunRepository;

/**
 * Reads training requests. The planner stores every run in MongoDB before it publishes the run's request, so
 * a request only wakes the local worker pool for a run that is stored, and only when it matches it; anything else
 * is dead-lettered. The record is acknowledged at once: training takes minutes to days and never happens inside
 * the message lifecycle. MongoDB, not Kafka, is the truth about the run, so a request that this process
 * accepted but never trained (it died) is found again by any worker's scan.
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
            // Only the planner asks for training, and it stores a run before publishing its request: a request
            // for an unknown run, or one that differs from the stored run, is forged or mangled.
            TrainingRun run = runs.find(request.runId()).orElseThrow(() -> record.malformed("run '"
                    + request.runId() + "' was not planned by any study; training requests come from the planner"));
            if (!run.request().equals(request)) {
                throw record.malformed("differs from the request planned for run '" + request.runId()
                        + "' of study '" + run.studyId() + "'; the stored run is what gets trained");
            }
            pool.wake(request.runId());
        });
    }
}
