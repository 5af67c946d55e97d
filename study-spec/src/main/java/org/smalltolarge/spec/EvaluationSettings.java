package org.smalltolarge.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Which evaluation suites every trained model is scored on, and how many items of each.
 *
 * @param suites           names from {@link #KNOWN_SUITES}, distinct, in the document's order
 * @param maxItemsPerSuite cap on the items scored per suite (keeps evaluation cheap and comparable)
 */
public record EvaluationSettings(
        @JsonProperty("suites") List<String> suites,
        @JsonProperty("max_items_per_suite") int maxItemsPerSuite) {

    /** The suites the evaluator knows how to build and score. */
    public static final List<String> KNOWN_SUITES =
            List.of("heldout", "lastword", "wordnet_cloze", "wordnet_definition", "capitals", "sentiment");

    public static final EvaluationSettings DEFAULTS = new EvaluationSettings(KNOWN_SUITES, 200);

    public EvaluationSettings {
        suites = List.copyOf(suites);
        if (suites.isEmpty() || maxItemsPerSuite <= 0) {
            throw new IllegalArgumentException("invalid evaluation settings: " + suites + ", " + maxItemsPerSuite);
        }
    }
}
