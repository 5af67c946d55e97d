package org.smalltolarge.lm;

/**
 * Per-example result: mean negative log-likelihood (nats per scored token), summed log-probability, and how
 * many tokens were scored.
 */
public record ExampleScore(double meanNll, double sumLogProb, int scoredTokens) {
}
