package org.smalltolarge.contracts.events;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.smalltolarge.contracts.Event;
import org.smalltolarge.spec.Scale;
import org.smalltolarge.spec.TrainingSettings;

/**
 * A dataset selection study: choose {@code size} documents of a candidate pool for a target task with each method,
 * train the reference on every selection through the trainer, and compare the reference's loss on the task's
 * held-out items. DsDm ranks the pool by TRAK scores that the attribution service computes with each proxy scale,
 * so the study shows how the gain over random selection changes with the proxy's size. The service validates the
 * request (field paths in selection.rejected.v1).
 *
 * @param pool             the candidate documents: a mixture and a size, or explicit ids
 * @param task             the target task: the first {@code targets} items of a suite guide the selection, the next
 *                         {@code holdout} items measure it
 * @param size             documents per selection
 * @param methods          any of "dsdm", "dsdm_worst", "dsir", "classifier", "random"
 * @param proxyScales      scales whose TRAK scores DsDm uses, one selection per scale (needed by dsdm and dsdm_worst)
 * @param reference        the model trained on every selection
 * @param trainingSeeds    seeds of the reference's training runs on every selection
 * @param randomSelections random selections, each with its own seed, that the gains are measured against
 * @param seed             seeds the random selections, DSIR's sampling and the classifier's keep rule
 * @param dsdm             how the attribution service computes DsDm's scores
 * @param ngramBuckets     hashed unigram and bigram features of DSIR and the classifier
 * @param mixtures         natural distributions (name -> data source -> weight) trained beside the selections, so
 *                         the training study is the paper's design: natural sources plus selected subsets, all at
 *                         every scale (its analysis is the small-to-large correlation over all of them); may be empty
 */
public record SelectionRequested(String selectionId, String corpus, ExamplePool pool, TargetTask task, int size,
        List<String> methods, List<Scale> proxyScales, Scale reference, List<Long> trainingSeeds,
        int randomSelections, long seed, DsdmSettings dsdm, int ngramBuckets,
        Map<String, Map<String, Double>> mixtures, TrainingSettings training, Instant requestedAt, String requestedBy)
        implements Event {

    public SelectionRequested {
        Required.text("selection_id", selectionId);
        Required.text("corpus", corpus);
        Required.value("pool", pool);
        Required.value("task", task);
        Required.nonEmpty("methods", methods);
        Required.value("proxy_scales", proxyScales);
        Required.value("reference", reference);
        Required.nonEmpty("training_seeds", trainingSeeds);
        Required.value("dsdm", dsdm);
        Required.value("training", training);
        Required.value("requested_at", requestedAt);
        methods = List.copyOf(methods);
        proxyScales = List.copyOf(proxyScales);
        trainingSeeds = List.copyOf(trainingSeeds);
        mixtures = mixtures == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(mixtures));
    }

    /** Items of an evaluation suite in the evaluator's order: targets first, then the holdout. */
    public record TargetTask(String suite, int targets, int holdout) {
        public TargetTask {
            Required.text("task.suite", suite);
        }
    }

    /** TRAK settings of the attribution that DsDm's scores come from (no LDS bank: scores only). */
    public record DsdmSettings(int ensemble, AttributionRequested.ProjectionSettings projection, double ridgeLambda,
            String output) {
        public DsdmSettings {
            Required.value("dsdm.projection", projection);
            Required.text("dsdm.output", output);
        }
    }

    @Override
    public String key() {
        return selectionId;
    }

    @Override
    public String eventId() {
        return "selection.requested:" + selectionId + ":" + requestedAt.toEpochMilli();
    }
}
