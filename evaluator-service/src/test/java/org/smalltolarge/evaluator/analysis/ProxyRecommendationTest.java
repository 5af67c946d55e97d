package org.smalltolarge.evaluator.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The recommendation rule on hand-made comparisons, then on a whole generated study. */
class ProxyRecommendationTest {
    private static final AnalysisSettings NO_THRESHOLD = AnalysisSettings.defaults();

    /** A defined comparison with Pearson r and its interval; compute ratio = reference / proxy flops. */
    private static ScaleComparison comparison(String scale, double ratio, Double r, Double low, Double high) {
        Estimate pearson = r == null ? Estimate.undefined("proxy mean loss is constant", 0.95)
                : new Estimate(r, null, low, high, 0.95, 2000, 2000, 0, null);
        Estimate none = Estimate.undefined("not needed here", 0.95);
        return new ScaleComparison(scale, 1e18 / ratio, ratio, 6, null, List.of(), pearson, none, none,
                DecisionAccuracy.undefined("not needed here", 6), null);
    }

    private static NoiseCeiling ceiling(double meanPearson) {
        return new NoiseCeiling(List.of(1L, 2L), List.of(), meanPearson, meanPearson, meanPearson * meanPearson, null);
    }

    private static final NoiseCeiling NO_CEILING = new NoiseCeiling(List.of(1L), List.of(), null, null, null,
            "the reference has 1 seed(s) with predictions for this suite; a noise ceiling needs at least 2");

    // cheapest first, as the analysis orders them
    private static final List<ScaleComparison> THREE = List.of(
            comparison("xs", 300, 0.40, 0.10, 0.80),
            comparison("s", 30, 0.85, 0.70, 0.93),
            comparison("m", 3, 0.97, 0.94, 0.99));

    @Test
    void theCheapestScaleWhoseIntervalReachesTheNoiseCeilingIsRecommended() {
        ProxyRecommendation rec = ProxyRecommendation.of(THREE, ceiling(0.90), NO_THRESHOLD);
        assertEquals(ProxyRecommendation.NOISE_CEILING, rec.criterion());
        assertEquals(0.90, rec.target(), 0);
        // xs: 0.80 < 0.90; s: its interval reaches 0.93 >= 0.90, though its point 0.85 does not.
        assertEquals("s", rec.scale());
        assertEquals(30, rec.computeRatio(), 0);
        assertEquals(1e18 / 30, rec.proxyFlops(), 1);
        assertEquals(0.85, rec.pearson(), 0);
        assertNull(rec.reason());
        assertEquals(List.of(false, true, true), rec.checked().stream().map(ProxyRecommendation.ScaleCheck::meetsTarget)
                .toList());
    }

    @Test
    void aThresholdTheStudySetsDecidesEvenWhereACeilingExists() {
        ProxyRecommendation rec = ProxyRecommendation.of(THREE, ceiling(0.90),
                NO_THRESHOLD.withRecommendMinCorrelation(0.75));
        assertEquals(ProxyRecommendation.THRESHOLD, rec.criterion());
        assertEquals(0.75, rec.target(), 0);
        assertEquals("xs", rec.scale(), "xs's interval reaches 0.80 >= 0.75");
        assertEquals(300, rec.computeRatio(), 0);

        ProxyRecommendation strict = ProxyRecommendation.of(THREE, NO_CEILING,
                NO_THRESHOLD.withRecommendMinCorrelation(0.95));
        assertEquals("m", strict.scale());
    }

    @Test
    void noProxyGoodEnoughIsSaidNotRecommended() {
        ProxyRecommendation rec = ProxyRecommendation.of(THREE, ceiling(0.995), NO_THRESHOLD);
        assertEquals(ProxyRecommendation.NOISE_CEILING, rec.criterion());
        assertNull(rec.scale());
        assertNull(rec.computeRatio());
        assertTrue(rec.reason().contains("no proxy scale's Pearson r reaches the reference's seed-to-seed noise"
                + " ceiling r = 0.995"), rec.reason());
        assertTrue(rec.reason().endsWith("no proxy is recommended"), rec.reason());
        assertEquals(3, rec.checked().size());
        assertTrue(rec.checked().stream().noneMatch(ProxyRecommendation.ScaleCheck::meetsTarget));
    }

    @Test
    void withoutCeilingOrThresholdNothingIsRecommendedAndTheReasonSaysWhy() {
        ProxyRecommendation rec = ProxyRecommendation.of(THREE, NO_CEILING, NO_THRESHOLD);
        assertNull(rec.criterion());
        assertNull(rec.target());
        assertNull(rec.scale());
        assertTrue(rec.reason().contains("a noise ceiling needs at least 2"), rec.reason());
        assertTrue(rec.reason().contains("analysis.recommend_min_correlation"), rec.reason());
        assertTrue(rec.checked().isEmpty());
    }

    @Test
    void anUndefinedCorrelationNeverQualifiesAndAPointWithoutIntervalMustReachTheTargetItself() {
        List<ScaleComparison> cmps = List.of(
                comparison("xs", 300, null, null, null),
                comparison("s", 30, 0.89, null, null),
                comparison("m", 3, 0.91, null, null));
        ProxyRecommendation rec = ProxyRecommendation.of(cmps, ceiling(0.90), NO_THRESHOLD);
        assertEquals("m", rec.scale());
        assertFalse(rec.checked().get(0).meetsTarget());
        assertNull(rec.checked().get(0).pearson());
    }

    @Test
    void aStudyWithoutProxiesSaysSo() {
        ProxyRecommendation rec = ProxyRecommendation.of(List.of(), ceiling(0.9), NO_THRESHOLD);
        assertNull(rec.scale());
        assertTrue(rec.reason().startsWith("the study has no proxy scale"), rec.reason());
    }

    @Test
    void theAnalysisRecommendsPerSuiteByTheRuleAndOnlyWithASecondReferenceSeed() {
        SyntheticStudy.Generated g = SyntheticStudy.generate(7);
        StudyAnalysis a = StudyAnalyzer.analyze(g.layout(), g.predictions());
        for (SuiteAnalysis s : a.suites()) {
            ProxyRecommendation rec = s.recommendation();
            assertNotNull(rec, s.suite());
            assertEquals(ProxyRecommendation.NOISE_CEILING, rec.criterion(), s.suite());
            assertEquals(s.referenceNoiseCeiling().meanPearson(), rec.target(), s.suite());
            // The first comparison, cheapest first, whose interval reaches the ceiling.
            ScaleComparison expected = s.comparisons().stream().filter(c -> c.pearson().ciHigh() != null
                    && c.pearson().ciHigh() >= rec.target()).findFirst().orElse(null);
            assertEquals(expected == null ? null : expected.scale(), rec.scale(), s.suite());
            if (expected != null) {
                assertEquals(expected.computeRatio(), rec.computeRatio(), 0, s.suite());
            }
        }
        // The same study with one reference seed has no ceiling, so nothing is recommended.
        List<PlannedRunRef> oneSeed = g.layout().runs().stream().filter(r -> !r.isReference() || r.seed() == 1)
                .toList();
        List<RunPredictions> preds = g.predictions().stream().filter(p -> !p.role().equals("reference")
                || p.seed() == 1).toList();
        StudyAnalysis single = StudyAnalyzer.analyze(new StudyLayout("one-seed", SyntheticStudy.REFERENCE, oneSeed),
                preds);
        for (SuiteAnalysis s : single.suites()) {
            assertNull(s.recommendation().scale(), s.suite());
            assertNull(s.recommendation().criterion(), s.suite());
        }
        // With a threshold it recommends again.
        StudyAnalysis withThreshold = StudyAnalyzer.analyze(new StudyLayout("one-seed", SyntheticStudy.REFERENCE,
                oneSeed), preds, AnalysisSettings.defaults().withRecommendMinCorrelation(0.5));
        assertTrue(withThreshold.suites().stream().allMatch(s -> ProxyRecommendation.THRESHOLD.equals(
                s.recommendation().criterion())));
        assertTrue(withThreshold.suites().stream().anyMatch(s -> s.recommendation().scale() != null));
    }
}
