package org.smalltolarge.corpus.eval;

/** The scoring rules of the suites, given a model's per-token log-probabilities. */
public final class EvalScoring {
    private EvalScoring() {
    }

    /** What a model says about one token sequence. */
    public interface TokenScorer {
        /**
         * logProb[j] = log p(sequence[j] | sequence[0..j-1]) and isTop[j] = whether sequence[j] was the model's
         * most likely token there; index 0 is ignored. isTop may be null for items whose kind does not
         * {@linkplain #needsTopFlags need} it.
         */
        Scores score(int[] sequence);
    }

    /**
     * Whether scoring items of this kind reads the top-1 flags: only cloze accuracy does (every answer token must
     * be the model's first choice). A scorer may skip the argmax over the vocabulary for the other kinds.
     */
    public static boolean needsTopFlags(EvalItem.Kind kind) {
        return kind == EvalItem.Kind.CLOZE;
    }

    public record Scores(double[] logProb, boolean[] isTop) {
    }

    /**
     * loss: mean negative log-likelihood (nats per token) over the scored tokens of the answer;
     * accuracy: 1 or 0 (NaN for TEXT items); predicted: the chosen option (CHOICE) or 0.
     */
    public record ItemScore(String itemId, double loss, double accuracy, int predicted) {
    }

    public static ItemScore score(EvalItem item, TokenScorer scorer) {
        if (item.kind() != EvalItem.Kind.CHOICE) {
            Scores s = scorer.score(item.sequence(0));
            boolean withTop = needsTopFlags(item.kind());
            if (withTop && s.isTop() == null) {
                throw new IllegalArgumentException("item " + item.id() + ": a " + item.kind()
                        + " item needs top-1 flags and the scorer gave none");
            }
            double nll = 0;
            boolean allTop = true;
            int n = 0;
            for (int j = item.firstScored(); j < s.logProb().length; j++) {
                nll -= s.logProb()[j];
                allTop &= !withTop || s.isTop()[j];
                n++;
            }
            double acc = item.kind() == EvalItem.Kind.TEXT ? Double.NaN : (allTop ? 1 : 0);
            return new ItemScore(item.id(), n == 0 ? Double.NaN : nll / n, acc, 0);
        }
        int best = -1;
        double bestLogLik = Double.NEGATIVE_INFINITY;
        double correctLoss = Double.NaN;
        for (int k = 0; k < item.options().size(); k++) {
            Scores s = scorer.score(item.sequence(k));
            double logLik = 0;
            int n = 0;
            for (int j = item.firstScored(); j < s.logProb().length; j++) {
                logLik += s.logProb()[j];
                n++;
            }
            if (logLik > bestLogLik) {
                bestLogLik = logLik;
                best = k;
            }
            if (k == item.correct()) {
                correctLoss = n == 0 ? Double.NaN : -logLik / n;
            }
        }
        return new ItemScore(item.id(), correctLoss, best == item.correct() ? 1 : 0, best);
    }
}
