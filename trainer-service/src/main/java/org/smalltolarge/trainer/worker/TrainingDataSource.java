package org.smalltolarge.trainer.worker;

import java.io.IOException;
import org.smalltolarge.contracts.events.TrainingRequested;

/** Opens the data a training request names (its corpus and distribution) at the run's context and budget. */
public interface TrainingDataSource {
    RunData open(TrainingRequested request) throws IOException;
}
