package org.smalltolarge.selector.methods;

import java.util.List;
import java.util.Locale;

/**
 * The GPT-3 style quality filter (Brown et al., 2020): a logistic regression that tells target texts (positive) from
 * pool texts (negative) on hashed n-gram features, then keeps a pool document when a Pareto draw exceeds one minus
 * its score, so mostly target-like documents are kept but some others get through.
 *
 * <p>Features: per document, {@code log(1 + count)} of each {@link HashedNgrams} bucket, scaled to unit L2 norm
 * (the log damps repeated n-grams; the unit norm keeps a long document from getting an extreme score by length
 * alone), plus an intercept.
 *
 * <p>Training minimises the class-balanced mean log loss (each class carries half the total weight, since the pool
 * is usually far larger than the target set and would otherwise push every score towards 0) plus
 * {@code l2/2 * |theta|^2}, the intercept included (which keeps the objective {@code l2}-strongly convex; with
 * balanced classes the intercept stays near 0 anyway). The optimiser is deterministic full-batch Nesterov-accelerated
 * gradient descent with the fixed step {@code 1/L}, {@code L = max_i(|x_i|^2 + 1)/4 + l2} the gradient's Lipschitz
 * bound, and momentum {@code (sqrt(L) - sqrt(l2)) / (sqrt(L) + sqrt(l2))}; it stops once every gradient component is
 * within the tolerance or after the iteration budget. Exponentials and logarithms are {@link StrictMath}'s, so the
 * scores and selections are bit-identical on every JVM.
 *
 * <p>Pool scores are in-sample (each pool document was a negative in training), so on a pool that is small next to
 * the bucket count they stay well below 1, where the Pareto rule is only mildly selective.
 */
public final class QualityClassifier {

    public static final double DEFAULT_L2 = 1e-3;
    public static final int DEFAULT_MAX_ITERATIONS = 1000;
    public static final double DEFAULT_TOLERANCE = 1e-6;
    public static final double DEFAULT_ALPHA = 9;

    private final double[] scores;
    private final int iterations;
    private final boolean converged;

    private QualityClassifier(double[] scores, int iterations, boolean converged) {
        this.scores = scores;
        this.iterations = iterations;
        this.converged = converged;
    }

    /** {@link #fit(List, List, HashedNgrams, double, int, double)} with the defaults above and 10,000 buckets. */
    public static QualityClassifier fit(List<String> targetTexts, List<String> poolTexts) {
        return fit(targetTexts, poolTexts, new HashedNgrams(), DEFAULT_L2, DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE);
    }

    /** Trains on target texts (positive) against pool texts (negative) and scores the pool. */
    public static QualityClassifier fit(List<String> targetTexts, List<String> poolTexts, HashedNgrams features,
                                        double l2, int maxIterations, double tolerance) {
        if (targetTexts.isEmpty() || poolTexts.isEmpty()) {
            throw new IllegalArgumentException("the quality classifier needs target texts and pool texts, got "
                    + targetTexts.size() + " and " + poolTexts.size());
        }
        List<Row> positives = targetTexts.stream().map(text -> Row.of(features.count(text))).toList();
        List<Row> negatives = poolTexts.stream().map(text -> Row.of(features.count(text))).toList();
        Fit fit = train(positives, negatives, features.buckets(), l2, maxIterations, tolerance);
        double[] scores = negatives.stream().mapToDouble(row -> sigmoid(row.logit(fit.params()))).toArray();
        return new QualityClassifier(scores, fit.iterations(), fit.converged());
    }

    /** P(target | pool document {@code i}) under the fitted model. */
    public double score(int i) {
        return scores[i];
    }

    public int poolSize() {
        return scores.length;
    }

    /** Gradient steps the training took. */
    public int iterations() {
        return iterations;
    }

    /** Whether training met the tolerance within the iteration budget. */
    public boolean converged() {
        return converged;
    }

    /** Kept pool indices, in the order they were kept, and a description of the rule that kept them. */
    public record Selection(int[] indices, String rule) {
    }

    /** {@link #select(int, long, double)} with alpha = 9, GPT-3's value. */
    public Selection select(int k, long seed) {
        return select(k, seed, DEFAULT_ALPHA);
    }

    /**
     * Exactly {@code k} distinct pool documents by the GPT-3 rule: visit the pool in a seeded random order and keep a
     * document when {@code pareto(alpha) > 1 - score}; while fewer than {@code k} are kept, pass again (same order,
     * fresh draws) over the documents not yet kept; stop as soon as {@code k} are kept. A pass keeps a document with
     * probability {@code (2 - score)^-alpha}, at least {@code 2^-alpha}, so a large alpha can need many passes.
     */
    public Selection select(int k, long seed, double alpha) {
        if (k < 0 || k > scores.length) {
            throw new IllegalArgumentException("cannot select k=" + k + " documents from a pool of n=" + scores.length);
        }
        if (!(alpha > 0 && Double.isFinite(alpha))) {
            throw new IllegalArgumentException("alpha must be positive and finite, got " + alpha);
        }
        SplitMix64 random = new SplitMix64(seed);
        int[] order = shuffledIndices(scores.length, random);
        boolean[] kept = new boolean[scores.length];
        int[] chosen = new int[k];
        int count = 0;
        int passes = 0;
        while (count < k) {
            passes++;
            for (int p = 0; p < order.length && count < k; p++) {
                int i = order[p];
                if (!kept[i] && keeps(pareto(random.nextDouble(), alpha), scores[i])) {
                    kept[i] = true;
                    chosen[count++] = i;
                }
            }
        }
        String rule = String.format(Locale.ROOT, "gpt3-pareto alpha=%s seed=%d: keep when (1-U)^(-1/alpha) - 1 > "
                + "1 - P(target|doc), U from SplitMix64(seed), pool in a seeded random order, repeated passes over "
                + "not-yet-kept documents with fresh draws until k=%d kept (%d passes)", alpha, seed, k, passes);
        return new Selection(chosen, rule);
    }

    /** A Fisher-Yates shuffle of {@code 0..n-1}. */
    private static int[] shuffledIndices(int n, SplitMix64 random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextIndex(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** numpy's Pareto (Lomax) draw from a uniform {@code u}: {@code (1 - u)^(-1/alpha) - 1}, in a form exact near 0. */
    static double pareto(double u, double alpha) {
        return StrictMath.expm1(-StrictMath.log1p(-u) / alpha);
    }

    /** GPT-3's keep rule. */
    static boolean keeps(double pareto, double score) {
        return pareto > 1 - score;
    }

    /** Trained parameters (bucket weights, then the intercept) and how training ended. */
    record Fit(double[] params, int iterations, boolean converged) {
    }

    /** A sparse feature vector; {@link #of} makes the classifier's features from n-gram counts. */
    record Row(int[] ids, double[] values) {

        /** {@code log(1 + count)} per bucket, scaled to unit L2 norm (an empty document stays all zero). */
        static Row of(HashedNgrams.Counts counts) {
            double[] values = new double[counts.counts().length];
            double squaredNorm = 0;
            for (int t = 0; t < values.length; t++) {
                values[t] = StrictMath.log1p(counts.counts()[t]);
                squaredNorm += values[t] * values[t];
            }
            double norm = Math.sqrt(squaredNorm);
            for (int t = 0; t < values.length; t++) {
                values[t] /= norm;
            }
            return new Row(counts.buckets(), values);
        }

        /** {@code params} holds one weight per feature id, then the intercept. */
        double logit(double[] params) {
            double z = params[params.length - 1];
            for (int t = 0; t < ids.length; t++) {
                z += params[ids[t]] * values[t];
            }
            return z;
        }

        double squaredNorm() {
            double sum = 0;
            for (double value : values) {
                sum += value * value;
            }
            return sum;
        }
    }

    /** Fits the regularised, class-balanced logistic regression described in the class comment. */
    static Fit train(List<Row> positives, List<Row> negatives, int dimensions, double l2, int maxIterations,
                     double tolerance) {
        if (!(l2 > 0 && Double.isFinite(l2))) {
            throw new IllegalArgumentException("l2 must be positive and finite (separable data would make the "
                    + "weights diverge without it), got " + l2);
        }
        if (maxIterations < 0 || !(tolerance >= 0)) {
            throw new IllegalArgumentException("maxIterations and tolerance must be non-negative, got "
                    + maxIterations + " and " + tolerance);
        }
        double maxSquaredNorm = 0;
        for (List<Row> rows : List.of(positives, negatives)) {
            for (Row row : rows) {
                maxSquaredNorm = Math.max(maxSquaredNorm, row.squaredNorm() + 1); // + 1: the intercept's input
            }
        }
        double lipschitz = maxSquaredNorm / 4 + l2;
        double momentum = (Math.sqrt(lipschitz) - Math.sqrt(l2)) / (Math.sqrt(lipschitz) + Math.sqrt(l2));
        double[] previous = new double[dimensions + 1];
        double[] lookahead = previous.clone();
        for (int step = 0; ; step++) {
            double[] gradient = gradient(lookahead, positives, negatives, l2);
            double largest = 0;
            for (double g : gradient) {
                largest = Math.max(largest, Math.abs(g));
            }
            if (largest <= tolerance || step == maxIterations) {
                return new Fit(lookahead, step, largest <= tolerance);
            }
            double[] current = new double[lookahead.length];
            for (int j = 0; j < current.length; j++) {
                current[j] = lookahead[j] - gradient[j] / lipschitz;
                lookahead[j] = current[j] + momentum * (current[j] - previous[j]);
            }
            previous = current;
        }
    }

    private static double[] gradient(double[] params, List<Row> positives, List<Row> negatives, double l2) {
        double[] gradient = new double[params.length];
        for (int j = 0; j < params.length; j++) {
            gradient[j] = l2 * params[j];
        }
        accumulate(gradient, params, positives, 1, 0.5 / positives.size());
        accumulate(gradient, params, negatives, 0, 0.5 / negatives.size());
        return gradient;
    }

    /** Adds {@code weight * (sigmoid(logit) - label) * x} for each row: the log loss's gradient. */
    private static void accumulate(double[] gradient, double[] params, List<Row> rows, int label, double weight) {
        for (Row row : rows) {
            double residual = weight * (sigmoid(row.logit(params)) - label);
            for (int t = 0; t < row.ids().length; t++) {
                gradient[row.ids()[t]] += residual * row.values()[t];
            }
            gradient[params.length - 1] += residual;
        }
    }

    /** The logistic function, in the form that never evaluates {@code exp} of a large positive number. */
    static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + StrictMath.exp(-z));
        }
        double e = StrictMath.exp(z);
        return e / (1 + e);
    }
}
