package org.smalltolarge.contracts;

/**
 * Kafka topic names. One topic per stream of related events; several event types may share a topic
 * (the {@code ce_type} header tells them apart), and every record is keyed by its natural id so that
 * one study's or one run's events stay ordered within a partition.
 */
public final class Topics {
    /**
     * study.requested.v1 and v2 (the trainer's REST endpoint: a reference to the document it stored), keyed by
     * study id. Users publish here (CLI, REST, or a stock Kafka client).
     */
    public static final String STUDIES = "s2l.studies";
    /** study.rejected.v1, study.planned.v1 and v2 (a plan in parts), study.analyzed.v1, keyed by study id. */
    public static final String STUDY_EVENTS = "s2l.study-events";
    /**
     * training.requested.v1, keyed by run id. Idle workers also claim runs from MongoDB, so the partition count
     * does not bound the trainer workers.
     */
    public static final String TRAINING_REQUESTS = "s2l.training-requests";
    /** training.progress.v1, training.completed.v1, training.failed.v1, keyed by run id. */
    public static final String TRAINING_EVENTS = "s2l.training-events";
    /** predictions.ready.v1, keyed by run id. */
    public static final String PREDICTIONS = "s2l.predictions";
    /** attribution.requested.v1, keyed by attribution id. Users publish here (CLI, REST, or a stock Kafka client). */
    public static final String ATTRIBUTIONS = "s2l.attributions";
    /** attribution.rejected.v1, attribution.completed.v1, keyed by attribution id. */
    public static final String ATTRIBUTION_EVENTS = "s2l.attribution-events";
    /** selection.requested.v1, keyed by selection id. Users publish here (CLI, REST, or a stock Kafka client). */
    public static final String SELECTIONS = "s2l.selections";
    /** selection.rejected.v1, selection.completed.v1, keyed by selection id. */
    public static final String SELECTION_EVENTS = "s2l.selection-events";
    /** Malformed or unprocessable records, one dead-letter topic per consuming service. */
    public static final String DEAD_LETTER_PREFIX = "s2l.dead-letter.";

    private Topics() {
    }
}
