package org.smalltolarge.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A pool of training documents, shared by the attribution and selection requests. Exactly one of: {@code mixture} +
 * {@code size} (documents drawn from the training splits in proportion, seeded) or {@code examples} (explicit
 * document ids). Which one is present is checked where the pool is resolved, so every problem has a field path.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExamplePool(Map<String, Double> mixture, Integer size, Long seed, List<String> examples) {
}
