package org.smalltolarge.lm;

/**
 * Multiple-choice result: the log-likelihood of each option given the prompt, and per-token means.
 * {@code predicted} picks the highest total log-likelihood; {@code predictedPerToken} the highest mean
 * (length-normalised, "acc_norm"-style).
 */
public record ChoiceScore(double[] logLikelihoods, double[] meanLogLikelihoods, int predicted, int predictedPerToken,
                          int correct) {

    public boolean isCorrect() {
        return predicted == correct;
    }

    public boolean isCorrectPerToken() {
        return predictedPerToken == correct;
    }

    /** Correct-loss margin: log-likelihood of the right option minus the best wrong one. */
    public double margin() {
        double bestWrong = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < logLikelihoods.length; i++) {
            if (i != correct) {
                bestWrong = Math.max(bestWrong, logLikelihoods[i]);
            }
        }
        return logLikelihoods[correct] - bestWrong;
    }
}
