package org.smalltolarge.selector.methods;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QualityClassifierTest {

    private static final List<String> POOL = ToyCorpus.POOL;

    private static QualityClassifier toyClassifier() {
        return QualityClassifier.fit(ToyCorpus.TARGET, POOL);
    }

    @Test
    void symmetricCaseReachesTheClosedFormOptimum() {
        // x = +1 positive, x = -1 negative: by symmetry the intercept is 0 and the weight w solves
        // l2 * w = sigmoid(-w); with l2 = 1 / (4 ln 3) that is w = ln 3, where sigmoid(-w) = 1/4
        List<QualityClassifier.Row> positives = List.of(new QualityClassifier.Row(new int[]{0}, new double[]{1}));
        List<QualityClassifier.Row> negatives = List.of(new QualityClassifier.Row(new int[]{0}, new double[]{-1}));
        QualityClassifier.Fit fit = QualityClassifier.train(positives, negatives, 1, 1 / (4 * Math.log(3)), 10_000,
                1e-13);
        assertTrue(fit.converged());
        assertEquals(Math.log(3), fit.params()[0], 1e-10);
        assertEquals(0, fit.params()[1], 1e-10);
    }

    @Test
    void gradientVanishesAtTheSolution() {
        List<QualityClassifier.Row> positives = List.of(
                new QualityClassifier.Row(new int[]{0, 1}, new double[]{1, 0.5}),
                new QualityClassifier.Row(new int[]{0}, new double[]{0.2}));
        List<QualityClassifier.Row> negatives = List.of(
                new QualityClassifier.Row(new int[]{1}, new double[]{1}),
                new QualityClassifier.Row(new int[]{0, 1}, new double[]{0.3, 0.3}),
                new QualityClassifier.Row(new int[0], new double[0]));
        double l2 = 0.05;
        QualityClassifier.Fit fit = QualityClassifier.train(positives, negatives, 2, l2, 10_000, 1e-12);
        assertTrue(fit.converged() && fit.iterations() > 0);
        double[] theta = fit.params();
        assertTrue(theta[0] > 1 && theta[1] < 0, Arrays.toString(theta));
        // the objective's gradient written out densely: class weights 1/(2*2) and 1/(2*3), intercept last
        double[][] xs = {{1, 0.5}, {0.2, 0}, {0, 1}, {0.3, 0.3}, {0, 0}};
        int[] labels = {1, 1, 0, 0, 0};
        double[] gradient = {l2 * theta[0], l2 * theta[1], l2 * theta[2]};
        for (int i = 0; i < xs.length; i++) {
            double z = theta[0] * xs[i][0] + theta[1] * xs[i][1] + theta[2];
            double residual = (labels[i] == 1 ? 0.25 : 1.0 / 6) * (1 / (1 + Math.exp(-z)) - labels[i]);
            gradient[0] += residual * xs[i][0];
            gradient[1] += residual * xs[i][1];
            gradient[2] += residual;
        }
        assertArrayEquals(new double[3], gradient, 1e-11);
    }

    @Test
    void anExhaustedBudgetIsReportedAsNotConverged() {
        List<QualityClassifier.Row> positives = List.of(new QualityClassifier.Row(new int[]{0}, new double[]{1}));
        List<QualityClassifier.Row> negatives = List.of(new QualityClassifier.Row(new int[]{0}, new double[]{-1}));
        QualityClassifier.Fit fit = QualityClassifier.train(positives, negatives, 1, 0.1, 3, 1e-13);
        assertFalse(fit.converged());
        assertEquals(3, fit.iterations());
        assertThrows(IllegalArgumentException.class, () -> QualityClassifier.train(positives, negatives, 1, 0, 3, 0));
    }

    @Test
    void sigmoidIsStableAtTheExtremes() {
        assertEquals(0.5, QualityClassifier.sigmoid(0));
        assertEquals(1.0, QualityClassifier.sigmoid(1000));
        assertEquals(0.0, QualityClassifier.sigmoid(-1000));
        assertEquals(Math.exp(-40), QualityClassifier.sigmoid(-40), 1e-30); // 1 - sigmoid(40) would give 0
    }

    @Test
    void paretoDrawIsNumpysLomaxForm() {
        assertEquals(Math.pow(2, 1.0 / 9) - 1, QualityClassifier.pareto(0.5, 9), 1e-15);
        assertEquals(1.0, QualityClassifier.pareto(1 - Math.pow(2, -9), 9), 1e-13); // (2^-9)^(-1/9) - 1
        assertEquals(3.0, QualityClassifier.pareto(0.75, 1), 1e-15);
        // near 0 the draw is u/9 + 5u^2/81; (1 - u)^(-1/9) - 1 evaluated directly would be off by ~1e-17
        assertEquals(1e-12 / 9 + 5e-24 / 81, QualityClassifier.pareto(1e-12, 9), 1e-28);
    }

    @Test
    void keepRuleComparesTheDrawWithOneMinusTheScore() {
        double draw = QualityClassifier.pareto(0.5, 9); // 0.0801
        assertTrue(QualityClassifier.keeps(draw, 0.95));
        assertFalse(QualityClassifier.keeps(draw, 0.9));
        assertTrue(QualityClassifier.keeps(QualityClassifier.pareto(0.999, 9), 0.01)); // 1000^(1/9) - 1 = 1.15
        assertFalse(QualityClassifier.keeps(0, 1)); // strictly greater: a zero draw keeps nothing
    }

    @Test
    void targetLikePoolDocumentsScoreHigherAndAreSelectedMore() {
        QualityClassifier classifier = toyClassifier();
        assertTrue(classifier.converged());
        assertEquals(POOL.size(), classifier.poolSize());
        double lowestCat = IntStream.range(0, POOL.size()).filter(ToyCorpus::isCat)
                .mapToDouble(classifier::score).min().orElseThrow();
        double highestMarket = IntStream.range(0, POOL.size()).filter(i -> !ToyCorpus.isCat(i))
                .mapToDouble(classifier::score).max().orElseThrow();
        assertTrue(lowestCat > highestMarket, lowestCat + " vs " + highestMarket);
        // cats are 1 in 6 of the pool, so 200 picks of 1,200 at random; in-sample scores stay well below 1 (the
        // pool is the negative class), where the Pareto rule is only mildly selective: about 350 are cats
        long catPicks = IntStream.range(0, 200)
                .flatMap(seed -> Arrays.stream(classifier.select(6, seed).indices())).filter(ToyCorpus::isCat).count();
        assertTrue(catPicks > 300, catPicks + " of 1,200 picks are about cats");
    }

    @Test
    void selectionIsExactlyKDistinctAndReproducible() {
        QualityClassifier classifier = toyClassifier();
        QualityClassifier.Selection selection = classifier.select(5, 42);
        assertEquals(5, selection.indices().length);
        assertEquals(5, Arrays.stream(selection.indices()).distinct().count());
        assertArrayEquals(selection.indices(), toyClassifier().select(5, 42).indices());
        assertEquals(selection.rule(), toyClassifier().select(5, 42).rule());
        assertFalse(Arrays.equals(selection.indices(), classifier.select(5, 43).indices()));
        assertTrue(selection.rule().startsWith("gpt3-pareto alpha=9.0 seed=42: keep when (1-U)^(-1/alpha) - 1 > "
                + "1 - P(target|doc)"), selection.rule());
        assertTrue(selection.rule().contains("until k=5 kept ("), selection.rule());
    }

    @Test
    void allOfThePoolOrNoneOfIt() {
        QualityClassifier classifier = toyClassifier();
        int[] all = classifier.select(POOL.size(), 1).indices();
        Arrays.sort(all);
        assertArrayEquals(IntStream.range(0, POOL.size()).toArray(), all);
        assertArrayEquals(new int[0], classifier.select(0, 1).indices());
    }

    @Test
    void invalidSelectionsAndFitsAreRejected() {
        QualityClassifier classifier = toyClassifier();
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> classifier.select(37, 0));
        assertEquals("cannot select k=37 documents from a pool of n=36", error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> classifier.select(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> QualityClassifier.fit(List.of(), POOL));
    }
}
