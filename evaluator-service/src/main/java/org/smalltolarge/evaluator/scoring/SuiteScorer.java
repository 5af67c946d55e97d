package org.smalltolarge.evaluator.scoring;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.smalltolarge.corpus.eval.EvalItem;
import org.smalltolarge.corpus.eval.EvalScoring;
import org.smalltolarge.corpus.eval.EvalSuite;
import org.smalltolarge.evaluator.analysis.SuitePredictions;
import org.smalltolarge.lm.GptModel;
import org.smalltolarge.lm.TokenScorer;
import org.smalltolarge.lm.TokenScores;

/**
 * Scores every item of a suite with one model, by the suite's own rules ({@link EvalScoring}): the loss of each
 * item (nats per scored token), where the item has a right answer whether the model got it, and for multiple
 * choice the option it chose.
 */
public final class SuiteScorer {
    private final GptModel model;
    private final TokenScorer tokens;

    public SuiteScorer(GptModel model, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("evaluator.batch-size must be >= 1, got " + batchSize);
        }
        this.model = model;
        this.tokens = new TokenScorer(model, batchSize);
    }

    public SuitePredictions score(EvalSuite suite) {
        return score(suite, () -> { });
    }

    /** As {@link #score(EvalSuite)}, calling {@code afterBatch} after every forward pass. */
    public SuitePredictions score(EvalSuite suite, Runnable afterBatch) {
        if (suite.items().isEmpty()) {
            throw new IllegalArgumentException("suite '" + suite.name() + "' has no items");
        }
        // Items longer than the model's window keep their scored part and lose context from the left.
        int context = model.config().context();
        List<EvalItem> items = suite.items().stream().map(i -> i.fitTo(context + 1)).toList();
        int cut = 0;
        for (int i = 0; i < items.size(); i++) {
            cut += items.get(i) == suite.items().get(i) ? 0 : 1; // fitTo returns the item itself when it fits
        }
        List<int[]> sequences = new ArrayList<>();
        for (EvalItem item : items) {
            int options = item.kind() == EvalItem.Kind.CHOICE ? item.options().size() : 1;
            for (int k = 0; k < options; k++) {
                sequences.add(item.sequence(k));
            }
        }
        EvalItem.Kind kind = items.get(0).kind();
        // EvalScoring asks for options 0..n-1 in order; the argmax behind top-1 flags only where the kind reads them
        EvalScoring.TokenScorer inOrder;
        if (EvalScoring.needsTopFlags(kind)) {
            Iterator<TokenScores> scored = tokens.score(sequences, afterBatch).iterator();
            inOrder = sequence -> {
                TokenScores next = scored.next();
                return new EvalScoring.Scores(next.logProbs(), next.isTop());
            };
        } else {
            Iterator<double[]> scored = tokens.logProbs(sequences, afterBatch).iterator();
            inOrder = sequence -> new EvalScoring.Scores(scored.next(), null);
        }

        List<String> ids = new ArrayList<>(items.size());
        double[] losses = new double[items.size()];
        boolean[] correct = new boolean[items.size()];
        int[] chosen = new int[items.size()];
        double chanceSum = 0;
        for (int i = 0; i < items.size(); i++) {
            EvalItem item = items.get(i);
            if (item.kind() != kind) {
                throw new IllegalArgumentException("suite '" + suite.name() + "' mixes " + kind + " and "
                        + item.kind() + " items (item '" + item.id() + "')");
            }
            EvalScoring.ItemScore s = EvalScoring.score(item, inOrder);
            if (!Double.isFinite(s.loss())) {
                throw new IllegalArgumentException("suite '" + suite.name() + "', item '" + item.id()
                        + "': no token left to score (loss " + s.loss() + ")");
            }
            ids.add(item.id());
            losses[i] = s.loss();
            correct[i] = s.accuracy() == 1.0;
            chosen[i] = s.predicted();
            chanceSum += 1.0 / item.options().size();
        }
        return switch (kind) {
            case TEXT -> new SuitePredictions(suite.name(), suite.contentHash(), SuitePredictions.TEXT, ids, losses,
                    null, Double.NaN, null, context, cut);
            case CLOZE -> new SuitePredictions(suite.name(), suite.contentHash(), SuitePredictions.CLOZE, ids, losses,
                    correct, Double.NaN, null, context, cut);
            case CHOICE -> new SuitePredictions(suite.name(), suite.contentHash(), SuitePredictions.CHOICE, ids,
                    losses, correct, chanceSum / items.size(), chosen, context, cut);
        };
    }
}
