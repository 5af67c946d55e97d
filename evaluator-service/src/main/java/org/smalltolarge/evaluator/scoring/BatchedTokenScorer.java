package org.smalltolarge.evaluator.scoring;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.smalltolarge.corpus.eval.EvalScoring;
import org.smalltolarge.lm.GptModel;
import org.smalltolarge.lm.NativeRuntime;

/**
 * Per-token log-probabilities and "was this the top token" flags for many sequences at once, batched and
 * right-padded (causal attention: padding never affects real positions). The suite rules themselves stay in
 * {@link EvalScoring}, which needs both figures (CLOZE accuracy is greedy: every answer token on top).
 */
final class BatchedTokenScorer {
    private final GptModel model;
    private final int batchSize;

    BatchedTokenScorer(GptModel model, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("evaluator.batch-size must be >= 1, got " + batchSize);
        }
        this.model = model;
        this.batchSize = batchSize;
    }

    /**
     * One {@link EvalScoring.Scores} per sequence, each at most context + 1 tokens long; {@code afterBatch} runs
     * after every forward pass (the caller's heartbeat).
     */
    List<EvalScoring.Scores> scoreAll(List<int[]> sequences, Runnable afterBatch) {
        List<EvalScoring.Scores> out = new ArrayList<>(sequences.size());
        for (int from = 0; from < sequences.size(); from += batchSize) {
            List<int[]> batch = sequences.subList(from, Math.min(sequences.size(), from + batchSize));
            out.addAll(NativeRuntime.withGradMode(false, () -> scoreBatch(batch)));
            afterBatch.run();
        }
        return out;
    }

    private List<EvalScoring.Scores> scoreBatch(List<int[]> batch) {
        int rows = batch.size();
        int time = Math.max(1, batch.stream().mapToInt(s -> s.length - 1).max().orElse(1));
        if (time > model.config().context()) {
            throw new IllegalArgumentException("a sequence of " + (time + 1) + " tokens exceeds the model's context "
                    + model.config().context() + " + 1");
        }
        long[] inputs = new long[rows * time];
        long[] targets = new long[rows * time];
        for (int r = 0; r < rows; r++) {
            int[] s = batch.get(r);
            for (int t = 0; t < s.length - 1; t++) {
                inputs[r * time + t] = s[t];
                targets[r * time + t] = s[t + 1];
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
            top = logits.argMax(-1).toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
        }
        List<EvalScoring.Scores> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            int n = batch.get(r).length;
            double[] lp = new double[n];
            boolean[] isTop = new boolean[n];
            for (int j = 1; j < n; j++) { // token j is predicted at position j - 1
                lp[j] = logProbs[r * time + j - 1];
                isTop[j] = top[r * time + j - 1] == targets[r * time + j - 1];
            }
            out.add(new EvalScoring.Scores(lp, isTop));
        }
        return out;
    }
}
