package org.smalltolarge.selector.domain;

import java.util.List;

/**
 * One selection: a set of pool documents chosen by one method, which becomes one distribution of the training study.
 *
 * @param name       the distribution's name: the method, with the proxy scale for DsDm ("dsdm_p8k") and the index for
 *                   random selections ("random_2")
 * @param proxyScale the scale whose scores DsDm used; null for other methods
 * @param documents  the chosen document ids, sorted
 * @param rule       how the method chose, in words (reports record it)
 */
public record Selection(String name, String method, String proxyScale, List<String> documents, String rule) {
    public Selection {
        documents = List.copyOf(documents);
    }
}
