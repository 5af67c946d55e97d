package org.smalltolarge.lm;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-example losses, multiple-choice answers and mean loss over windows, summed from the per-token
 * log-probabilities of {@link TokenScorer} (batched and right-padded; padded positions are not scored).
 */
public final class Scorer {

    private final GptModel model;
    private final TokenScorer tokens;

    public Scorer(GptModel model, int batchSize) {
        this.model = model;
        this.tokens = new TokenScorer(model, batchSize);
    }

    /**
     * Scores each example. Sequences longer than context + 1 keep their last context + 1 tokens; an example
     * whose scored tokens would not all fit is refused.
     */
    public List<ExampleScore> score(List<ScoringExample> examples) {
        List<ScoringExample> fitted = new ArrayList<>(examples.size());
        List<int[]> rows = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            ScoringExample example = examples.get(i).fittedTo(model.config().context(), i);
            fitted.add(example);
            rows.add(example.tokens());
        }
        List<double[]> perToken = tokens.logProbs(rows);
        List<ExampleScore> results = new ArrayList<>(examples.size());
        for (int i = 0; i < fitted.size(); i++) {
            boolean[] scored = fitted.get(i).scored();
            double[] logProbs = perToken.get(i);
            double sum = 0;
            int n = 0;
            for (int t = 1; t < scored.length; t++) {
                if (scored[t]) {
                    sum += logProbs[t];
                    n++;
                }
            }
            results.add(new ExampleScore(n == 0 ? Double.NaN : -sum / n, sum, n));
        }
        return results;
    }

    /** Scores every option of every item; accuracy comes from {@link #accuracy}. */
    public List<ChoiceScore> scoreChoices(List<MultipleChoiceItem> items) {
        List<ScoringExample> flat = new ArrayList<>();
        for (MultipleChoiceItem item : items) {
            for (int[] option : item.options()) {
                flat.add(ScoringExample.promptAndAnswer(item.prompt(), option));
            }
        }
        List<ExampleScore> scores = score(flat);
        List<ChoiceScore> results = new ArrayList<>(items.size());
        int next = 0;
        for (MultipleChoiceItem item : items) {
            int n = item.options().size();
            double[] total = new double[n];
            double[] mean = new double[n];
            for (int o = 0; o < n; o++) {
                ExampleScore s = scores.get(next++);
                total[o] = s.sumLogProb();
                mean[o] = s.sumLogProb() / s.scoredTokens();
            }
            results.add(new ChoiceScore(total, mean, argMax(total), argMax(mean), item.correct()));
        }
        return results;
    }

    /** Fraction of items whose highest-likelihood option is the correct one. */
    public static double accuracy(List<ChoiceScore> scores) {
        if (scores.isEmpty()) {
            return Double.NaN;
        }
        return scores.stream().filter(ChoiceScore::isCorrect).count() / (double) scores.size();
    }

    /** Mean next-token loss over {@code count} training-style windows starting at {@code first}. */
    public double meanLoss(TrainingWindows windows, long first, int count) {
        List<ScoringExample> examples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            examples.add(ScoringExample.wholeSequence(windows.window((first + i) % windows.count())));
        }
        double nll = 0;
        long tokens = 0;
        for (ExampleScore s : score(examples)) {
            nll -= s.sumLogProb();
            tokens += s.scoredTokens();
        }
        return nll / tokens;
    }

    private static int argMax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
