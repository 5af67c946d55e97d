package org.smalltolarge.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import org.smalltolarge.kit.workers.SlotSettings;
import org.smalltolarge.spec.SpecLimits;

/**
 * Settings of the trainer service ({@code trainer.*} in application.properties, or TRAINER_* variables): the one
 * place where each setting, its default and its meaning are written (READMEs link here). The worker-slot settings
 * ({@code trainer.workers}, {@code trainer.threads-per-worker}, {@code trainer.device}, {@code trainer.scan-interval}, {@code trainer.heartbeat-interval}, {@code trainer.stale-claim-after},
 * {@code trainer.max-takeovers})
 * are the ones every service shares: see {@link SlotSettings}; {@code trainer.workers=0} makes a planner-only pod.
 * The limits say what this deployment's workers accept: a study beyond them is rejected before anything
 * is stored, and the error names the setting (see {@link SpecLimits}).
 */
@ConfigMapping(prefix = "trainer")
public interface TrainerConfig extends SlotSettings {
    /** Largest model (parameters) a study may ask for. */
    @WithDefault("2000000000")
    long maxParams();

    /** Largest token budget of one run. */
    @WithDefault("1000000000000")
    long maxTokensPerRun();

    /** Longest context a scale may ask for. */
    @WithDefault("8192")
    int maxContext();

    /** Most runs one study may plan. */
    @WithDefault("10000")
    int maxRuns();

    /**
     * Largest study document {@code POST /studies} takes, in bytes of its UTF-8 text; a larger one is answered 413
     * with its size, and nothing is stored. The document is kept as written in MongoDB, one document each, so this
     * stays below MongoDB's 16 MiB, and below {@code quarkus.http.limits.max-body-size} so that the answer can say
     * why (both are checked at start-up).
     */
    @WithDefault("8388608")
    int maxSpecBytes();

    default SpecLimits limits() {
        return new SpecLimits(maxParams(), maxTokensPerRun(), maxContext(), maxRuns());
    }

    /**
     * Root of the directory checkpoint store (a volume every trainer pod mounts); embedded: $S2L_CHECKPOINT_DIR or
     * .state/checkpoints. With {@link #checkpointStoreUri()} set, this is only the worker's local working directory
     * ({@code <dir>/<run id>/step-N}; an emptyDir in Kubernetes) and the store holds the checkpoints.
     */
    String checkpointDir();

    /**
     * Where checkpoints are kept when not in {@link #checkpointDir()}: {@code s3://bucket/prefix} (S3-compatible
     * object storage, e.g. MinIO; endpoint and credentials from S2L_S3_ENDPOINT, S2L_S3_REGION, AWS_ACCESS_KEY_ID and
     * AWS_SECRET_ACCESS_KEY). Every checkpoint a worker keeps is uploaded, and a worker that claims a run downloads
     * its newest intact one first, so no volume has to be shared between nodes. Unset: the directory store.
     * Environment: TRAINER_CHECKPOINT_STORE_URI.
     */
    Optional<String> checkpointStoreUri();

    /**
     * Where the demo corpus is built; a spec's corpus "demo" means this folder.
     * Embedded: $S2L_CORPUS_DIR or data/corpus.
     */
    String corpusDir();

    /** Optimizer steps between periodic checkpoints (a resumed run loses at most this many). */
    @WithDefault("200")
    int checkpointEverySteps();

    /** Validation windows scored at the end of a run for its validation loss. */
    @WithDefault("64")
    int validationWindows();

    /** How often a training worker publishes progress and renews its claim on the run (its heartbeat). */
    @WithDefault("5S")
    Duration progressInterval();

    /**
     * How long a stopping process (SIGTERM: a pod evicted, a spot node reclaimed) waits for its slots to finish the
     * current step, checkpoint and hand their runs back, so another worker resumes them at once instead of after
     * {@code stale-claim-after}. Keep it below the pod's terminationGracePeriodSeconds.
     */
    @WithDefault("90S")
    Duration shutdownGrace();

}
