package org.smalltolarge.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * One model size of the study.
 *
 * @param tokenBudget training tokens of every run at this scale, already resolved from
 *                    {@code tokens_per_param} when the document used it (serialised as {@code tokens})
 */
public record Scale(
        @JsonProperty("name") String name,
        @JsonProperty("model") ModelShape model,
        @JsonProperty("tokens") long tokenBudget) {

    public Scale {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        if (tokenBudget <= 0) {
            throw new IllegalArgumentException("token budget must be > 0, got " + tokenBudget);
        }
    }

    /** Training compute of one run at this scale: 6 * parameters * tokens (forward + backward). */
    public double flops() {
        return 6.0 * model.parameters() * tokenBudget;
    }
}
