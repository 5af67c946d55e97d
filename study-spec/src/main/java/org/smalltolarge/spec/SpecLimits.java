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

    /** 2e9 parameters, 1e12 tokens per run, 8192 context, 10,000 runs. */
    public static SpecLimits defaults() {
        return new SpecLimits(2_000_000_000L, 1_000_000_000_000L, 8192, 10_000);
    }
}
