package org.smalltolarge.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One training distribution: either a mixture of data sources or an explicit selection of training examples.
 * Exactly one of {@code mixture} and {@code examples} is non-null.
 *
 * @param mixture  data source -> weight; the validator normalises weights to sum to 1; kept in sorted key order
 * @param examples ids of the selected training examples, sorted and distinct (a selection is a set)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Distribution(
        @JsonProperty("name") String name,
        @JsonProperty("mixture") Map<String, Double> mixture,
        @JsonProperty("examples") List<String> examples) {

    public Distribution {
        Objects.requireNonNull(name, "name");
        if ((mixture == null) == (examples == null)) {
            throw new IllegalArgumentException("distribution '" + name + "' needs exactly one of mixture or examples");
        }
        mixture = mixture == null ? null : Collections.unmodifiableMap(new TreeMap<>(mixture));
        examples = examples == null ? null : List.copyOf(examples);
    }

    public static Distribution ofMixture(String name, Map<String, Double> weights) {
        return new Distribution(name, weights, null);
    }

    public static Distribution ofExamples(String name, List<String> exampleIds) {
        return new Distribution(name, null, exampleIds);
    }

    /** True for a mixture of data sources, false for an explicit list of examples. */
    public boolean hasMixture() {
        return mixture != null;
    }
}
