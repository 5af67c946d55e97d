package org.smalltolarge.trainer.checkpoint;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.jboss.logging.Logger;
import org.smalltolarge.lm.CheckpointStore;
import org.smalltolarge.lm.CheckpointStores;
import org.smalltolarge.trainer.config.TrainerConfig;

/**
 * The trainer's checkpoint store: S3-compatible object storage when {@code trainer.checkpoint-store-uri} is an
 * {@code s3://} URI (training then happens in {@code trainer.checkpoint-dir} as a local working directory), else
 * lm-core's directory store under {@code trainer.checkpoint-dir}.
 */
public class CheckpointStoreProducer {
    private static final Logger LOG = Logger.getLogger(CheckpointStoreProducer.class);

    /**
     * A worker process checks its store settings at start-up (a missing S2L_S3_ENDPOINT, a malformed URI): otherwise
     * the first run it claims would fail for a configuration mistake.
     */
    void checkAtStart(@Observes StartupEvent event, TrainerConfig config, Instance<CheckpointStore> store) {
        if (config.workers() > 0) {
            store.get().toString(); // creates the singleton now
        }
    }

    @Produces
    @Singleton
    CheckpointStore checkpointStore(TrainerConfig config) {
        CheckpointStore store;
        try {
            store = CheckpointStores.forTraining(config.checkpointStoreUri().orElse(null),
                    Path.of(config.checkpointDir()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("trainer.checkpoint-store-uri (TRAINER_CHECKPOINT_STORE_URI) "
                    + config.checkpointStoreUri().orElse("") + " is not usable: " + e.getMessage(), e);
        }
        LOG.infof("checkpoint store: %s", store);
        return store;
    }
}
