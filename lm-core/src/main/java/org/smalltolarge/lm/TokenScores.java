package org.smalltolarge.lm;

/**
 * What a model says about one token row: {@code logProbs[j] = log p(row[j] | row[0..j-1])} and {@code isTop[j]}
 * whether {@code row[j]} was the model's most likely token there. Index 0 has no prefix: 0 and false.
 */
public record TokenScores(double[] logProbs, boolean[] isTop) {
}
