package org.smalltolarge.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Objects;

/**
 * A validated study: train every distribution at every scale with every seed, then compare the proxies'
 * evaluations with the reference scale's. Build one with {@link StudySpecs#validate}.
 *
 * @param description    free text, or null
 * @param corpus         {@code demo} (the built-in corpus) or a path to a folder of JSONL files
 * @param referenceSeeds seeds trained at the reference scale in addition to {@code seeds} (noise ceiling)
 * @param analysis       how to read the results; null when the document has no {@code analysis} section
 */
public record StudySpec(
        @JsonProperty("id") String id,
        @JsonProperty("description") @JsonInclude(JsonInclude.Include.NON_NULL) String description,
        @JsonProperty("corpus") String corpus,
        @JsonProperty("distributions") List<Distribution> distributions,
        @JsonProperty("scales") List<Scale> scales,
        @JsonProperty("reference") String reference,
        @JsonProperty("seeds") List<Long> seeds,
        @JsonProperty("reference_seeds") List<Long> referenceSeeds,
        @JsonProperty("training") TrainingSettings training,
        @JsonProperty("evaluation") EvaluationSettings evaluation,
        @JsonProperty("analysis") @JsonInclude(JsonInclude.Include.NON_NULL) AnalysisSettings analysis) {

    public StudySpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(corpus, "corpus");
        Objects.requireNonNull(reference, "reference");
        distributions = List.copyOf(distributions);
        scales = List.copyOf(scales);
        seeds = List.copyOf(seeds);
        referenceSeeds = referenceSeeds == null ? List.of() : List.copyOf(referenceSeeds);
        training = training == null ? TrainingSettings.DEFAULTS : training;
        evaluation = evaluation == null ? EvaluationSettings.DEFAULTS : evaluation;
        if (scales.stream().noneMatch(s -> s.name().equals(reference))) {
            throw new IllegalArgumentException("reference '" + reference + "' is not a scale");
        }
    }

    /** The analysis threshold for recommending a proxy scale; null when the study sets none. */
    public Double recommendMinCorrelation() {
        return analysis == null ? null : analysis.recommendMinCorrelation();
    }

    /** The scale whose models the proxies are meant to predict. */
    public Scale referenceScale() {
        return scales.stream().filter(s -> s.name().equals(reference)).findFirst().orElseThrow();
    }
}
