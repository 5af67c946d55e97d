package org.smalltolarge.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Batched, gradient-free evaluation. Sequences in a batch are right-padded to the longest; with causal
 * attention padding never influences the real positions, and padded positions are not scored.
 */
public final class Scorer {

    private final GptModel model;
    private final int batchSize;

    public Scorer(GptModel model, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.model = model;
        this.batchSize = batchSize;
    }

    /**
     * Scores each example. Sequences longer than context + 1 keep their last context + 1 tokens; an example
     * whose scored tokens would not all fit is refused.
     */
    public List<ExampleScore> score(List<ScoringExample> examples) {
        List<ExampleScore> results = new ArrayList<>(examples.size());
        for (int from = 0; from < examples.size(); from += batchSize) {
            List<ScoringExample> batch = new ArrayList<>();
            for (int i = from; i < Math.min(examples.size(), from + batchSize); i++) {
                batch.add(fitToContext(examples.get(i), i));
            }
            results.addAll(NativeRuntime.withGradMode(false, () -> scoreBatch(batch)));
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

    private ScoringExample fitToContext(ScoringExample example, int index) {
        int keep = model.config().context() + 1;
        int drop = example.tokens().length - keep;
        if (drop <= 0) {
            return example;
        }
        for (int i = 0; i <= drop; i++) { // token `drop` becomes the first and loses its prefix
            if (example.scored()[i]) {
                throw new IllegalArgumentException("example " + index + ": " + example.tokens().length
                        + " tokens with token " + i + " scored do not fit context " + model.config().context());
            }
        }
        return new ScoringExample(Arrays.copyOfRange(example.tokens(), drop, example.tokens().length),
                Arrays.copyOfRange(example.scored(), drop, example.scored().length));
    }

    private List<ExampleScore> scoreBatch(List<ScoringExample> batch) {
        int rows = batch.size();
        int time = batch.stream().mapToInt(e -> e.tokens().length - 1).max().orElseThrow();
        long[] inputs = new long[rows * time];
        long[] targets = new long[rows * time];
        for (int r = 0; r < rows; r++) {
            int[] tokens = batch.get(r).tokens();
            for (int t = 0; t < tokens.length - 1; t++) {
                inputs[r * time + t] = checkToken(tokens[t]);
                targets[r * time + t] = checkToken(tokens[t + 1]);
            }
        }
        float[] logProbs;
        NDManager manager = model.manager();
        try (NDScope scope = new NDScope()) {
            NDArray x = manager.create(inputs, new Shape(rows, time));
            NDArray y = manager.create(targets, new Shape(rows, time));
            logProbs = GptModel.targetLogProbs(model.logits(x), y).toFloatArray();
        }
        List<ExampleScore> results = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            boolean[] scored = batch.get(r).scored();
            double sum = 0;
            int n = 0;
            for (int t = 1; t < scored.length; t++) {
                if (scored[t]) {
                    sum += logProbs[r * time + t - 1];
                    n++;
                }
            }
            results.add(new ExampleScore(n == 0 ? Double.NaN : -sum / n, sum, n));
        }
        return results;
    }

    private long checkToken(int token) {
        if (token < 0 || token >= model.config().vocab()) {
            throw new IllegalArgumentException("token " + token + " is outside [0, " + model.config().vocab() + ")");
        }
        return token;
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
