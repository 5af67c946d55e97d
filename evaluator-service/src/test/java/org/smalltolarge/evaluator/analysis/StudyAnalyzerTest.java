package org.smalltolarge.evaluator.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smalltolarge.evaluator.analysis.Fixtures.plan;
import static org.smalltolarge.evaluator.analysis.Fixtures.predictions;
import static org.smalltolarge.evaluator.analysis.Fixtures.text;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smalltolarge.stats.Correlation;

/** Small studies whose every figure is worked out by hand in the comments. */
class StudyAnalyzerTest {
    private static final String[] DISTRIBUTIONS = {"d1", "d2", "d3", "d4"};
    // tiny: 6 * 1e6 * 2e7 = 1.2e14 flops; ref: 6 * 1e8 * 2e9 = 1.2e18 flops; ratio 1e4.
    private static final long TINY_PARAMS = 1_000_000L;
    private static final long TINY_TOKENS = 20_000_000L;
    private static final long REF_PARAMS = 100_000_000L;
    private static final long REF_TOKENS = 2_000_000_000L;

    // Per-item losses of the two c4 items per distribution. Proxy means 3, 4, 5, 6; reference means
    // 2, 2.5, 3.5, 3.0.
    private static final double[][] PROXY = {{4, 2}, {5, 3}, {5, 5}, {8, 4}};
    private static final double[][] REFERENCE = {{2.5, 1.5}, {3, 2}, {4, 3}, {3, 3}};

    private static PlannedRunRef tiny(String d) {
        return plan(d, "tiny", 1, false, TINY_PARAMS, TINY_TOKENS);
    }

    private static PlannedRunRef ref(String d, long seed) {
        return plan(d, "ref", seed, true, REF_PARAMS, REF_TOKENS);
    }

    private static StudyLayout layout(List<PlannedRunRef> runs) {
        return new StudyLayout("study-1", "ref", runs);
    }

    /** The four-distribution study of the comments: every planned run has c4 predictions. */
    private static List<RunPredictions> handStudy(List<PlannedRunRef> planned) {
        List<RunPredictions> out = new ArrayList<>();
        for (int i = 0; i < DISTRIBUTIONS.length; i++) {
            PlannedRunRef t = tiny(DISTRIBUTIONS[i]);
            PlannedRunRef r = ref(DISTRIBUTIONS[i], 1);
            planned.add(t);
            planned.add(r);
            out.add(predictions(t, text("c4", "h1", PROXY[i])));
            out.add(predictions(r, text("c4", "h1", REFERENCE[i])));
        }
        return out;
    }

    @Test
    void everyStatisticOfAHandWorkedStudy() {
        List<PlannedRunRef> planned = new ArrayList<>();
        List<RunPredictions> preds = handStudy(planned);
        StudyAnalysis a = StudyAnalyzer.analyze(layout(planned), preds);

        assertTrue(a.complete());
        assertEquals(List.of("tiny"), a.proxyScales());
        SuiteAnalysis c4 = a.suites().get(0);
        assertEquals("c4", c4.suite());
        assertEquals(2, c4.items());
        ScaleComparison cmp = c4.comparisons().get(0);
        assertEquals(1e4, cmp.computeRatio(), 1e-9);
        assertEquals(4, cmp.distributionsCompared());
        assertEquals(List.of(3.0, 4.0, 5.0, 6.0), cmp.points().stream().map(p -> p.proxyMeanLoss()).toList());
        assertEquals(List.of(2.0, 2.5, 3.5, 3.0), cmp.points().stream().map(p -> p.referenceMeanLoss()).toList());

        // x = 3,4,5,6 (mean 4.5), y = 2,2.5,3.5,3 (mean 2.75). dx = -1.5,-.5,.5,1.5; dy = -.75,-.25,.75,.25.
        // Sxy = 1.125+.125+.375+.375 = 2, Sxx = 5, Syy = .5625+.0625+.5625+.0625 = 1.25, r = 2/sqrt(6.25) = 0.8.
        assertEquals(0.8, cmp.pearson().value(), 1e-12);
        assertEquals(0.64, cmp.r2().value(), 1e-12);
        // ranks y = 1,2,4,3 vs 1,2,3,4: sum d^2 = 2, rho = 1 - 6*2/(4*15) = 0.8.
        assertEquals(0.8, cmp.spearman().value(), 1e-12);
        assertTrue(cmp.pearson().ciLow() <= 0.8 && 0.8 <= cmp.pearson().ciHigh(), cmp.pearson().toString());
        assertEquals(2000, cmp.pearson().resamplesUsed() + cmp.pearson().resamplesSkipped());
        // Only (d3, d4) is ordered differently (reference 3.5 > 3.0, proxy 5 < 6): 5 of 6 pairs.
        assertEquals(5.0 / 6, cmp.decisionAccuracy().value(), 1e-12);

        // Item 0: proxy 4,5,5,8 (mean 5.5) vs reference 2.5,3,4,3 (mean 3.125): dx = -1.5,-.5,-.5,2.5,
        // dy = -.625,-.125,.875,-.125; Sxy = .9375+.0625-.4375-.3125 = .25, Sxx = 9, Syy = 1.1875.
        // Item 1: proxy 2,3,5,4 (mean 3.5) vs 1.5,2,3,3 (mean 2.375): dx = -1.5,-.5,1.5,.5,
        // dy = -.875,-.375,.625,.625; Sxy = 2.75, Sxx = 5, Syy = 1.6875.
        double r0 = 0.25 / Math.sqrt(9 * 1.1875); // 0.0765 -> bin 10 = [0, 0.1)
        double r1 = 2.75 / Math.sqrt(5 * 1.6875); // 0.9467 -> bin 19 = [0.9, 1]
        PerExampleCorrelation pe = cmp.perExample();
        assertEquals(2, pe.defined());
        assertEquals(0, pe.undefined());
        assertEquals((r0 + r1) / 2, pe.median(), 1e-12);
        assertEquals(1, pe.histogram().counts().get(10));
        assertEquals(1, pe.histogram().counts().get(19));
        assertEquals(2, pe.histogram().total());
        assertEquals("the reference has 1 seed(s) with predictions for this suite; a noise ceiling needs at least 2",
                c4.referenceNoiseCeiling().reason());
        assertNull(c4.accuracy());
    }

    @Test
    void theAnalysisIsDeterministic() {
        List<PlannedRunRef> planned = new ArrayList<>();
        List<RunPredictions> preds = handStudy(planned);
        List<RunPredictions> reversed = new ArrayList<>(preds);
        java.util.Collections.reverse(reversed);
        assertEquals(StudyAnalyzer.analyze(layout(planned), preds), StudyAnalyzer.analyze(layout(planned), reversed));
    }

    @Test
    void constantProxyLossesAreUndefinedWithAReason() {
        List<PlannedRunRef> planned = new ArrayList<>();
        List<RunPredictions> preds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            PlannedRunRef t = tiny(DISTRIBUTIONS[i]);
            PlannedRunRef r = ref(DISTRIBUTIONS[i], 1);
            planned.add(t);
            planned.add(r);
            // Proxy item losses differ, but both items' mean is 4 everywhere.
            preds.add(predictions(t, text("c4", "h1", 4 - i, 4 + i)));
            preds.add(predictions(r, text("c4", "h1", REFERENCE[i])));
        }
        ScaleComparison cmp = StudyAnalyzer.analyze(layout(planned), preds).suites().get(0).comparisons().get(0);
        assertNull(cmp.pearson().value());
        assertTrue(cmp.pearson().reason().startsWith("proxy mean loss is constant across the 4 points"),
                cmp.pearson().reason());
        assertNull(cmp.pearson().ciLow());
        assertNull(cmp.spearman().value());
        assertNull(cmp.r2().value());
        assertNotNull(cmp.r2().reason());
        // Every pair is a proxy tie, which counts one half.
        assertEquals(0.5, cmp.decisionAccuracy().value(), 1e-12);
        assertEquals(6, cmp.decisionAccuracy().proxyTies());
        // Per item the proxy varies (4,3,2,1 and 4,5,6,7), so those correlations exist.
        assertEquals(2, cmp.perExample().defined());
    }

    @Test
    void fewerThanThreeDistributionsInBothIsUndefined() {
        List<PlannedRunRef> planned = new ArrayList<>();
        List<RunPredictions> preds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            PlannedRunRef t = tiny(DISTRIBUTIONS[i]);
            PlannedRunRef r = ref(DISTRIBUTIONS[i], 1);
            planned.add(t);
            planned.add(r);
            if (i < 2) {
                preds.add(predictions(t, text("c4", "h1", PROXY[i])));
            }
            if (i != 0) {
                preds.add(predictions(r, text("c4", "h1", REFERENCE[i])));
            }
        }
        StudyAnalysis a = StudyAnalyzer.analyze(layout(planned), preds);
        ScaleComparison cmp = a.suites().get(0).comparisons().get(0);
        // Proxy has d1, d2; reference d2, d3, d4: only d2 is shared.
        assertEquals(1, cmp.distributionsCompared());
        String reason = "only 1 distribution with both proxy and reference predictions (need at least 3)";
        assertEquals(reason, cmp.reason());
        assertEquals(reason, cmp.pearson().reason());
        assertNull(cmp.pearson().value());
        assertNull(cmp.spearman().value());
        assertNull(cmp.decisionAccuracy().value());
        assertNull(cmp.perExample().median());
        assertEquals(java.util.Map.of(reason, 2), cmp.perExample().undefinedReasons());
        assertFalse(a.complete());
        assertEquals(List.of("ref-d1-s1", "tiny-d3-s1", "tiny-d4-s1"), // layout order
                a.missingRuns().stream().map(StudyAnalysis.MissingRun::runId).toList());
    }

    @Test
    void missingRunsMakeItIncompleteButWhatCanBeComputedIs() {
        List<PlannedRunRef> planned = new ArrayList<>();
        List<RunPredictions> preds = handStudy(planned);
        preds.removeIf(p -> p.runId().equals("tiny-d4-s1"));
        StudyAnalysis a = StudyAnalyzer.analyze(layout(planned), preds);
        assertFalse(a.complete());
        assertEquals(1, a.missingRuns().size());
        StudyAnalysis.MissingRun m = a.missingRuns().get(0);
        assertEquals("tiny-d4-s1", m.runId());
        assertEquals("d4", m.distribution());
        assertEquals("proxy", m.role());
        ScaleComparison cmp = a.suites().get(0).comparisons().get(0);
        assertEquals(3, cmp.distributionsCompared());
        // x = 3,4,5 and y = 2,2.5,3.5: dx = -1,0,1; dy = -2/3,-1/6,5/6; Sxy = 1.5, Sxx = 2,
        // Syy = 4/9+1/36+25/36 = 7/6; r = 1.5/sqrt(7/3) = 0.98198...
        assertEquals(1.5 / Math.sqrt(7.0 / 3), cmp.pearson().value(), 1e-12);
        assertNull(cmp.points().get(3).proxyMeanLoss());
        assertEquals(0, cmp.points().get(3).proxySeeds());
        assertFalse(a.compute().runs().stream().filter(r -> r.runId().equals("tiny-d4-s1")).findFirst()
                .orElseThrow().hasPredictions());
    }

    @Test
    void runsScoredOnAnotherSuiteVersionAreExcludedAndReported() {
        List<PlannedRunRef> planned = new ArrayList<>();
        List<RunPredictions> preds = handStudy(planned);
        preds.replaceAll(p -> p.runId().equals("tiny-d2-s1")
                ? predictions(tiny("d2"), text("c4", "h2-other", PROXY[1])) : p);
        StudyAnalysis a = StudyAnalyzer.analyze(layout(planned), preds);
        SuiteAnalysis c4 = a.suites().get(0);
        assertEquals("h1", c4.contentHash());
        assertEquals(List.of("tiny-d2-s1"), c4.excludedRuns());
        assertEquals(1, c4.problems().size());
        String problem = c4.problems().get(0);
        assertTrue(problem.contains("content hash mismatch") && problem.contains("tiny-d2-s1")
                && problem.contains("h2-other") && problem.contains("h1"), problem);
        assertFalse(a.complete());
        ScaleComparison cmp = c4.comparisons().get(0);
        assertEquals(3, cmp.distributionsCompared());
        assertNull(cmp.points().get(1).proxyMeanLoss());
    }

    @Test
    void seedsAreAveragedAndTheReferenceSeedsGiveANoiseCeiling() {
        List<PlannedRunRef> planned = new ArrayList<>();
        List<RunPredictions> preds = handStudy(planned);
        // A second reference seed: means 2.2, 2.4, 3.9, 3.1 (one item each would do; use two equal items).
        double[] seed2 = {2.2, 2.4, 3.9, 3.1};
        for (int i = 0; i < 4; i++) {
            PlannedRunRef r2 = ref(DISTRIBUTIONS[i], 2);
            planned.add(r2);
            preds.add(predictions(r2, text("c4", "h1", seed2[i], seed2[i])));
        }
        StudyAnalysis a = StudyAnalyzer.analyze(layout(planned), preds);
        SuiteAnalysis c4 = a.suites().get(0);
        ScaleComparison cmp = c4.comparisons().get(0);
        double[] refMean = {(2 + 2.2) / 2, (2.5 + 2.4) / 2, (3.5 + 3.9) / 2, (3 + 3.1) / 2};
        for (int i = 0; i < 4; i++) {
            assertEquals(refMean[i], cmp.points().get(i).referenceMeanLoss(), 1e-12);
            assertEquals(2, cmp.points().get(i).referenceSeeds());
        }
        assertEquals(Correlation.pearson(new double[] {3, 4, 5, 6}, refMean).value(), cmp.pearson().value(), 1e-12);

        // Seed 1 means 2, 2.5, 3.5, 3 (mean 2.75) vs seed 2: 2.2, 2.4, 3.9, 3.1 (mean 2.9).
        // dx = -.75,-.25,.75,.25; dy = -.7,-.5,1.0,.2; Sxy = .525+.125+.75+.05 = 1.45; Sxx = 1.25;
        // Syy = .49+.25+1+.04 = 1.78; r = 1.45 / sqrt(2.225) = 0.97209...
        NoiseCeiling ceiling = c4.referenceNoiseCeiling();
        assertEquals(List.of(1L, 2L), ceiling.seeds());
        assertEquals(1, ceiling.pairs().size());
        assertEquals(1.45 / Math.sqrt(1.25 * 1.78), ceiling.meanPearson(), 1e-12);
        assertEquals(ceiling.meanPearson() * ceiling.meanPearson(), ceiling.meanR2(), 1e-12);
        // Ranks: seed 1 -> 1,2,4,3; seed 2 -> 1,2,4,3: identical, rho = 1.
        assertEquals(1.0, ceiling.meanSpearman(), 1e-12);
    }

    @Test
    void multipleChoiceAccuracyIsComparedWithChance() {
        List<PlannedRunRef> planned = new ArrayList<>();
        List<RunPredictions> preds = new ArrayList<>();
        // 100 items, 4-way: threshold = 0.25 + 2 * sqrt(0.1875 / 100) = 0.3366. Proxy right on 30 and 34
        // of 100 in d1..d2, and 26 and 28 in d3..d4: mean 0.295 -> at or below chance; runs at 0.34 are above.
        int[] proxyRight = {30, 34, 26, 28};
        for (int i = 0; i < 4; i++) {
            PlannedRunRef t = tiny(DISTRIBUTIONS[i]);
            PlannedRunRef r = ref(DISTRIBUTIONS[i], 1);
            planned.add(t);
            planned.add(r);
            double[] losses = new double[100];
            java.util.Arrays.fill(losses, 1.0 + i);
            preds.add(predictions(t, Fixtures.choice("copa", "h", losses, Fixtures.firstRight(proxyRight[i], 100),
                    0.25)));
            preds.add(predictions(r, Fixtures.choice("copa", "h", losses, Fixtures.firstRight(70, 100), 0.25)));
        }
        SuiteAnalysis copa = StudyAnalyzer.analyze(layout(planned), preds).suites().get(0);
        AccuracyAnalysis acc = copa.accuracy();
        assertEquals(0.25, acc.chance());
        assertEquals(2, acc.scales().size());
        AccuracyAnalysis.ScaleAccuracy tiny = acc.scales().get(0);
        assertEquals("tiny", tiny.scale());
        assertEquals(0.295, tiny.meanAccuracy(), 1e-12);
        assertEquals(0.25 + 2 * Math.sqrt(0.1875 / 100), tiny.chanceThreshold(), 1e-12);
        assertEquals(3, tiny.runsAtOrBelowChance()); // 0.30, 0.26, 0.28; not 0.34
        assertTrue(tiny.atOrBelowChance());
        AccuracyAnalysis.ScaleAccuracy reference = acc.scales().get(1);
        assertEquals("reference", reference.role());
        assertFalse(reference.atOrBelowChance());
        assertEquals(Boolean.FALSE, copa.runs().stream().filter(r -> r.runId().equals("tiny-d2-s1")).findFirst()
                .orElseThrow().atOrBelowChance());
    }

    @Test
    void predictionsThatDoNotMatchThePlanAreReportedAndIgnored() {
        List<PlannedRunRef> planned = new ArrayList<>();
        List<RunPredictions> preds = handStudy(planned);
        preds.add(predictions(plan("d9", "tiny", 1, false, 1, 1), text("c4", "h1", 1, 2)));
        preds.replaceAll(p -> p.runId().equals("tiny-d1-s1") ? new RunPredictions(p.runId(), "d2", "tiny", 1,
                "proxy", 0, p.suites()) : p);
        StudyAnalysis a = StudyAnalyzer.analyze(layout(planned), preds);
        assertEquals(2, a.problems().size(), a.problems().toString());
        assertTrue(a.problems().stream().anyMatch(p -> p.contains("tiny-d9-s1") && p.contains("did not plan")));
        assertTrue(a.problems().stream().anyMatch(p -> p.contains("tiny-d1-s1") && p.contains("plan says")));
        assertEquals(List.of("tiny-d1-s1"), a.missingRuns().stream().map(StudyAnalysis.MissingRun::runId).toList());
    }

    @Test
    void theComputeLedgerUsesSixTimesParametersTimesTokens() {
        List<PlannedRunRef> planned = new ArrayList<>();
        List<RunPredictions> preds = handStudy(planned);
        planned.set(0, new PlannedRunRef("tiny-d1-s1", "d1", "tiny", 1, "proxy", TINY_PARAMS, TINY_TOKENS, 5e13));
        StudyAnalysis a = StudyAnalyzer.analyze(layout(planned), preds);
        ComputeLedger ledger = a.compute();
        assertEquals(1.2e18, ledger.referenceFlops(), 1);
        assertEquals(4 * 1.2e14 + 4 * 1.2e18, ledger.totalFlops(), 1e3);
        assertEquals(List.of("tiny", "ref"), ledger.scales().stream().map(ComputeLedger.ScaleCompute::scale).toList());
        assertEquals(1e4, ledger.scales().get(0).computeRatio(), 1e-9);
        assertEquals(1.0, ledger.scales().get(1).computeRatio());
        assertEquals(1.2e14, ledger.runs().get(0).flops(), 1);
        assertEquals(1, a.problems().size());
        assertTrue(a.problems().get(0).contains("disagrees with 6 x parameters x tokens"), a.problems().get(0));
    }
}
