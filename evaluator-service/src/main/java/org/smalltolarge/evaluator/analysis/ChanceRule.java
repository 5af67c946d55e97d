package org.smalltolarge.evaluator.analysis;

/**
 * When is an accuracy "at or below chance"? When it does not exceed chance by more than two standard errors of
 * a binomial proportion at chance over the n scored items: accuracy <= c + 2 * sqrt(c * (1 - c) / n). An
 * accuracy inside that band is what a guesser reaches about 97.7% of the time, so it shows no skill. For the
 * mean over several runs of one scale the same n (items per run) is used: runs share their items, so their
 * results are not independent draws and pooling them would understate the noise.
 */
public final class ChanceRule {
    public static final String DESCRIPTION = "at or below chance: accuracy <= chance + 2 * sqrt(chance * (1 - chance)"
            + " / items), i.e. within two binomial standard errors of guessing";

    private ChanceRule() {
    }

    public static double threshold(double chance, int items) {
        if (!(chance > 0 && chance < 1) || items < 1) {
            throw new IllegalArgumentException("need chance in (0, 1) and items >= 1, got " + chance + ", " + items);
        }
        return chance + 2 * Math.sqrt(chance * (1 - chance) / items);
    }

    public static boolean atOrBelowChance(double accuracy, double chance, int items) {
        return accuracy <= threshold(chance, items);
    }
}
