package org.smalltolarge.trainer.checkpoint;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.smalltolarge.lm.CheckpointStore;
import org.smalltolarge.lm.DirectoryCheckpointStore;
import org.smalltolarge.trainer.config.TrainerConfig;

/** The trainer's checkpoint store: lm-core's directory store under {@code trainer.checkpoint-dir}. */
public class CheckpointStoreProducer {

    @Produces
    @Singleton
    CheckpointStore checkpointStore(TrainerConfig config) {
        return new DirectoryCheckpointStore(Path.of(config.checkpointDir()));
    }
}
