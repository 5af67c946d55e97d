package org.smalltolarge.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * The one gradient-free forward primitive: per-token log-probabilities (and, when asked, top-1 flags) for many
 * token rows, {@code batchSize} rows per forward pass. A batch is right-padded to its longest row; with causal
 * attention padding never influences the real positions, and padded positions are not reported. {@link Scorer}
 * and the evaluator's suite scoring both build on it.
 */
public final class TokenScorer {

    private final GptModel model;
    private final int batchSize;

    public TokenScorer(GptModel model, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.model = model;
        this.batchSize = batchSize;
    }

    /** One {@link TokenScores} per row, in order; each row holds at most context + 1 tokens. */
    public List<TokenScores> score(List<int[]> rows) {
        return score(rows, () -> { });
    }

    /** As {@link #score(List)}, running {@code afterEachBatch} after every forward pass (e.g. a heartbeat). */
    public List<TokenScores> score(List<int[]> rows, Runnable afterEachBatch) {
        return run(rows, afterEachBatch, true);
    }

    /**
     * Only the log-probabilities of {@link #score(List)}, {@code logProbs[j]} for token j of each row (entry 0 is
     * 0): the top-1 flags cost an argmax over the vocabulary for every position (skipping it made the benchmark's
     * scoring 2-25% faster, most for the smallest model), and per-example losses do not need them.
     */
    public List<double[]> logProbs(List<int[]> rows) {
        return logProbs(rows, () -> { });
    }

    /** As {@link #logProbs(List)}, running {@code afterEachBatch} after every forward pass. */
    public List<double[]> logProbs(List<int[]> rows, Runnable afterEachBatch) {
        return run(rows, afterEachBatch, false).stream().map(TokenScores::logProbs).toList();
    }

    private List<TokenScores> run(List<int[]> rows, Runnable afterEachBatch, boolean topFlags) {
        int context = model.config().context();
        for (int r = 0; r < rows.size(); r++) {
            int[] row = rows.get(r);
            if (row.length > context + 1) {
                throw new IllegalArgumentException("row " + r + ": a sequence of " + row.length
                        + " tokens exceeds the model's context " + context + " + 1");
            }
            for (int token : row) {
                if (token < 0 || token >= model.config().vocab()) {
                    throw new IllegalArgumentException("row " + r + ": token " + token + " is outside [0, "
                            + model.config().vocab() + ")");
                }
            }
        }
        List<TokenScores> out = new ArrayList<>(rows.size());
        for (int from = 0; from < rows.size(); from += batchSize) {
            List<int[]> batch = rows.subList(from, Math.min(rows.size(), from + batchSize));
            out.addAll(NativeRuntime.withGradMode(false, () -> scoreBatch(batch, topFlags)));
            afterEachBatch.run();
        }
        return out;
    }

    /** With {@code topFlags} false the scores carry no flags (null): only {@link #logProbs} asks for that. */
    private List<TokenScores> scoreBatch(List<int[]> batch, boolean topFlags) {
        int rows = batch.size();
        int time = Math.max(1, batch.stream().mapToInt(row -> row.length - 1).max().orElse(1));
        long[] inputs = new long[rows * time];
        long[] targets = new long[rows * time];
        for (int r = 0; r < rows; r++) {
            int[] row = batch.get(r);
            for (int t = 0; t < row.length - 1; t++) {
                inputs[r * time + t] = row[t];
                targets[r * time + t] = row[t + 1];
            }
        }
        float[] logProbs;
        long[] top;
        NDManager manager = model.manager();
        try (NDScope scope = new NDScope()) {
            NDArray x = manager.create(inputs, new Shape(rows, time));
            NDArray y = manager.create(targets, new Shape(rows, time));
            NDArray logits = model.logits(x);
            logProbs = GptModel.targetLogProbs(logits, y).toFloatArray();
            top = topFlags ? logits.argMax(-1).toType(DataType.INT64, false).toLongArray() : null;
        }
        List<TokenScores> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            int n = batch.get(r).length;
            double[] logProb = new double[n];
            boolean[] isTop = top == null ? null : new boolean[n];
            for (int j = 1; j < n; j++) { // token j is predicted at position j - 1
                logProb[j] = logProbs[r * time + j - 1];
                if (isTop != null) {
                    isTop[j] = top[r * time + j - 1] == targets[r * time + j - 1];
                }
            }
            out.add(new TokenScores(logProb, isTop));
        }
        return out;
    }
}
