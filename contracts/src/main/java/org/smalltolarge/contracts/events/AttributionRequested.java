package org.smalltolarge.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.smalltolarge.contracts.Event;
import org.smalltolarge.spec.Scale;
import org.smalltolarge.spec.TrainingSettings;

/**
 * An attribution study: TRAK scores of a pool of training examples for target examples, computed with models of
 * several scales, each checked by the linear datamodeling score (LDS) against models trained on random halves.
 * The service validates the request (field paths in attribution.rejected.v1) and trains every model it needs
 * through the trainer.
 *
 * @param trainingSet the pool: a mixture of data sources and a size, or explicit example ids
 * @param targets     items of an evaluation suite; their answer tokens are scored
 * @param scales      model scales that compute scores, in order; {@code reference} names the one whose behaviour
 *                    is explained (LDS is measured against subset models of this scale, and of each scale itself)
 * @param ensemble    models per scale, each trained on its own random half of the pool
 * @param ridgeLambda lambda of TRAK's kernel {@code Phi^T Phi + lambda I}
 * @param output      "margin" or "mean-log-likelihood"
 */
public record AttributionRequested(String attributionId, String corpus, ExamplePool trainingSet, Targets targets,
        List<Scale> scales, String reference, int ensemble, LdsSettings lds, ProjectionSettings projection,
        double ridgeLambda, String output, TrainingSettings training, Instant requestedAt, String requestedBy)
        implements Event {

    public AttributionRequested {
        Required.text("attribution_id", attributionId);
        Required.text("corpus", corpus);
        Required.value("training_set", trainingSet);
        Required.value("targets", targets);
        Required.nonEmpty("scales", scales);
        Required.text("reference", reference);
        Required.value("lds", lds);
        Required.value("projection", projection);
        Required.text("output", output);
        Required.value("training", training);
        Required.value("requested_at", requestedAt);
        scales = List.copyOf(scales);
    }

    /** The first {@code items} items of {@code suite} (after the evaluator's own ordering). */
    public record Targets(String suite, int items) {
        public Targets {
            Required.text("targets.suite", suite);
        }
    }

    /**
     * @param subsets models trained on random halves of the pool at every scale, the same halves for every scale
     * @param seed    draws the halves (ensemble and LDS) reproducibly
     */
    public record LdsSettings(int subsets, long seed) {
    }

    /** @param kind "factored" or "sparse_jl" */
    public record ProjectionSettings(String kind, int k, long seed) {
        public ProjectionSettings {
            Required.text("projection.kind", kind);
        }
    }

    /**
     * What is wrong with TRAK's settings, at {@code prefix} + field ("" for an attribution, "dsdm." for a selection):
     * the projection's kind and size, the ridge lambda and the output function. Decoding does not check value
     * ranges, so every service that accepts these settings asks here.
     */
    public static List<StudyRejected.FieldProblem> trakProblems(String prefix, ProjectionSettings projection,
                                                                double ridgeLambda, String output) {
        List<StudyRejected.FieldProblem> problems = new java.util.ArrayList<>();
        if (!List.of("factored", "sparse_jl").contains(projection.kind())) {
            problems.add(new StudyRejected.FieldProblem(prefix + "projection.kind",
                    "must be \"factored\" or \"sparse_jl\", got \"" + projection.kind() + "\""));
        }
        if (projection.k() < 1) {
            problems.add(new StudyRejected.FieldProblem(prefix + "projection.k", "must be >= 1, got " + projection.k()));
        }
        if (!(ridgeLambda >= 0) || Double.isInfinite(ridgeLambda)) {
            problems.add(new StudyRejected.FieldProblem(prefix + "ridge_lambda", "must be a finite number >= 0, got "
                    + ridgeLambda));
        }
        if (!List.of("margin", "mean-log-likelihood").contains(output)) {
            problems.add(new StudyRejected.FieldProblem(prefix + "output",
                    "must be \"margin\" or \"mean-log-likelihood\", got \"" + output + "\""));
        }
        return problems;
    }

    @Override
    public String key() {
        return attributionId;
    }

    @Override
    public String eventId() {
        return "attribution.requested:" + attributionId + ":" + requestedAt.toEpochMilli();
    }
}
