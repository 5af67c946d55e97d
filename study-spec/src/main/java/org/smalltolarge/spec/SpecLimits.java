package org.smalltolarge.spec;

/**
 * What the workers accept. The limits exist to stop absurd requests early with an error naming the
 * setting to change, rather than failing hours later on a worker.
 *
 * @param maxParams       largest model, in parameters ({@value #MAX_PARAMS_SETTING})
 * @param maxTokensPerRun largest training budget of one run, in tokens ({@value #MAX_TOKENS_SETTING})
 * @param maxContext      longest context window, in tokens ({@value #MAX_CONTEXT_SETTING})
 * @param maxRuns         most runs one study may plan ({@value #MAX_RUNS_SETTING})
 */
public record SpecLimits(long maxParams, long maxTokensPerRun, int maxContext, int maxRuns) {

    public static final String MAX_PARAMS_SETTING = "trainer.max-params";
    public static final String MAX_TOKENS_SETTING = "trainer.max-tokens-per-run";
    public static final String MAX_CONTEXT_SETTING = "trainer.max-context";
    public static final String MAX_RUNS_SETTING = "trainer.max-runs";

    public SpecLimits {
        if (maxParams <= 0 || maxTokensPerRun <= 0 || maxContext <= 0 || maxRuns <= 0) {
            throw new IllegalArgumentException("every limit must be > 0: " + maxParams + ", " + maxTokensPerRun
                    + ", " + maxContext + ", " + maxRuns);
        }
    }

    /**
     * The first limit a planned scale breaks, as a sentence naming the setting; empty when it fits. Workers check
     * every run they are asked to train, since the planner that accepted it may have run with other limits.
     */
    public java.util.Optional<String> violatedBy(Scale scale) {
        ModelShape m = scale.model();
        if (m.context() > maxContext) {
            return java.util.Optional.of("context " + m.context() + " exceeds this worker's limit of " + maxContext
                    + " (setting " + MAX_CONTEXT_SETTING + ")");
        }
        if (ModelShape.approximateParameters(m.dModel(), m.layers(), m.context()) > maxParams
                || m.parameters() > maxParams) {
            return java.util.Optional.of("the model's parameters exceed this worker's limit of " + maxParams
                    + " (setting " + MAX_PARAMS_SETTING + ")");
        }
        if (scale.tokenBudget() > maxTokensPerRun) {
            return java.util.Optional.of("token budget " + scale.tokenBudget() + " exceeds this worker's limit of "
                    + maxTokensPerRun + " (setting " + MAX_TOKENS_SETTING + ")");
        }
        return java.util.Optional.empty();
    }

    /** 2e9 parameters, 1e12 tokens per run, 8192 context, 10,000 runs. */
    public static SpecLimits defaults() {
        return new SpecLimits(2_000_000_000L, 1_000_000_000_000L, 8192, 10_000);
    }
}
