package org.smalltolarge.evaluator.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The share of distribution pairs the proxy orders the same way as the reference by mean loss (DataDecide's
 * "decision accuracy"). Rule for ties: a pair the reference ties has no right order and is excluded
 * ({@code referenceTies}); a pair only the proxy ties counts as half right ({@code proxyTies}). So
 * value = (agreeing + proxyTies / 2) / (pairs - referenceTies). Two losses tie when they differ by at most
 * 1e-12 relative to their size.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DecisionAccuracy(Double value, String reason, int distributions, int pairs, int agreeing,
        int disagreeing, int proxyTies, int referenceTies) {

    private static final double TIE_TOLERANCE = 1e-12;

    static DecisionAccuracy undefined(String reason, int distributions) {
        return new DecisionAccuracy(null, reason, distributions, 0, 0, 0, 0, 0);
    }

    /** proxy[i] and reference[i] are the mean losses of distribution i. */
    public static DecisionAccuracy of(double[] proxy, double[] reference) {
        if (proxy.length != reference.length) {
            throw new IllegalArgumentException("vectors differ in length: " + proxy.length + " and "
                    + reference.length);
        }
        int n = proxy.length;
        if (n < 2) {
            return undefined("fewer than 2 distributions, so no pair to order", n);
        }
        int agreeing = 0;
        int disagreeing = 0;
        int proxyTies = 0;
        int referenceTies = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int ref = compare(reference[i], reference[j]);
                int prox = compare(proxy[i], proxy[j]);
                if (ref == 0) {
                    referenceTies++;
                } else if (prox == 0) {
                    proxyTies++;
                } else if (prox == ref) {
                    agreeing++;
                } else {
                    disagreeing++;
                }
            }
        }
        int pairs = n * (n - 1) / 2;
        int decidable = pairs - referenceTies;
        if (decidable == 0) {
            return new DecisionAccuracy(null, "the reference ties every pair of distributions", n, pairs, 0, 0,
                    proxyTies, referenceTies);
        }
        double value = (agreeing + 0.5 * proxyTies) / decidable;
        return new DecisionAccuracy(value, null, n, pairs, agreeing, disagreeing, proxyTies, referenceTies);
    }

    private static int compare(double a, double b) {
        double magnitude = Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
        if (Math.abs(a - b) <= TIE_TOLERANCE * magnitude) {
            return 0;
        }
        return a < b ? -1 : 1;
    }
}
