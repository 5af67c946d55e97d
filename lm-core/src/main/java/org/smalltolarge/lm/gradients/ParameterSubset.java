package org.smalltolarge.lm.gradients;

import org.smalltolarge.lm.GptConfig;
import org.smalltolarge.lm.GptModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Which parameters a gradient covers, by name prefix ("blocks.3." for one block, "tok_emb.weight", "ln" ...);
 * {@link #all()} covers every parameter. Order is always the model's parameter order.
 */
public record ParameterSubset(List<String> prefixes) {

    public ParameterSubset {
        prefixes = List.copyOf(prefixes);
    }

    public static ParameterSubset all() {
        return new ParameterSubset(List.of(""));
    }

    public static ParameterSubset prefixes(String... prefixes) {
        return new ParameterSubset(List.of(prefixes));
    }

    public boolean includes(String parameter) {
        for (String prefix : prefixes) {
            if (parameter.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The included parameter names of a model of {@code config}, in model order; refuses an empty selection. */
    public List<String> parameters(GptConfig config) {
        List<String> names = new ArrayList<>();
        for (String name : GptModel.parameterShapes(config).keySet()) {
            if (includes(name)) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("parameter subset " + prefixes + " selects no parameter of " + config);
        }
        return names;
    }

    /** Number of scalars the subset covers. */
    public long size(GptConfig config) {
        long n = 0;
        for (String name : parameters(config)) {
            n += GptModel.parameterShapes(config).get(name).size();
        }
        return n;
    }
}
