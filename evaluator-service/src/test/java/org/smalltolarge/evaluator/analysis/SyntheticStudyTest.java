package org.smalltolarge.evaluator.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A generated 6-distribution study with 3 proxy scales of known noise (2.0, 0.15, 0.015 around a
 * distribution effect of sd 0.5) and a 2-seed reference. The noise levels were chosen so the expected ordering
 * holds for about 99% of generator seeds per suite (checked over 300 seeds while writing this test); the seed
 * here is fixed, so the test is deterministic.
 */
class SyntheticStudyTest {
    private static final long SEED = 20250521L;

    @Test
    void correlationsFallAsProxyNoiseRises() {
        SyntheticStudy.Generated g = SyntheticStudy.generate(SEED);
        StudyAnalysis a = StudyAnalyzer.analyze(g.layout(), g.predictions());
        assertTrue(a.complete(), a.missingRuns().toString());
        assertEquals(List.of("proxy-37m", "proxy-124m", "proxy-350m"), a.proxyScales());
        assertEquals(List.of("c4", "hellaswag", "squad"), a.suites().stream().map(SuiteAnalysis::suite).toList());
        for (SuiteAnalysis suite : a.suites()) {
            List<ScaleComparison> c = suite.comparisons();
            assertEquals(3, c.size());
            // Noisiest proxy first: Pearson, R^2 and the per-example median must rise with each step.
            for (int i = 0; i + 1 < c.size(); i++) {
                String where = suite.suite() + " " + c.get(i).scale() + " vs " + c.get(i + 1).scale();
                assertTrue(c.get(i).pearson().value() < c.get(i + 1).pearson().value(), where);
                assertTrue(c.get(i).perExample().median() < c.get(i + 1).perExample().median(), where);
                assertTrue(c.get(i).decisionAccuracy().value() <= c.get(i + 1).decisionAccuracy().value(), where);
            }
            ScaleComparison best = c.get(2);
            assertTrue(best.pearson().value() > 0.99, suite.suite() + ": " + best.pearson());
            assertTrue(best.r2().ciLow() > 0.9, suite.suite() + ": " + best.r2());
            assertEquals(1.0, best.decisionAccuracy().value(), 1e-12);
            assertEquals(6, best.distributionsCompared());
            assertEquals(suite.items(), best.perExample().defined() + best.perExample().undefined());
            assertTrue(suite.referenceNoiseCeiling().meanPearson() > 0.99, suite.referenceNoiseCeiling().toString());
            assertEquals(1, suite.referenceNoiseCeiling().pairs().size());
        }
    }

    @Test
    void theComputeLedgerAndChanceFlagsFollowTheGenerator() {
        SyntheticStudy.Generated g = SyntheticStudy.generate(SEED);
        StudyAnalysis a = StudyAnalyzer.analyze(g.layout(), g.predictions());
        ComputeLedger ledger = a.compute();
        // 6 * 760e6 * 15.2e9 over 6 * 37e6 * 740e6: (760/37) * (15200/740) = 421.9...
        assertEquals((760.0 / 37) * (15200.0 / 740), ledger.scales().get(0).computeRatio(), 1e-9);
        assertEquals(6 * 2, ledger.scales().get(3).runs());
        assertEquals(30, ledger.runs().size());

        SuiteAnalysis hellaswag = a.suites().get(1);
        assertEquals(0.25, hellaswag.chance());
        List<AccuracyAnalysis.ScaleAccuracy> acc = hellaswag.accuracy().scales();
        assertEquals(4, acc.size());
        // The 37m proxy answers right with probability 0.25 (chance); the others well above.
        assertTrue(acc.get(0).atOrBelowChance(), acc.get(0).toString());
        for (int i = 1; i < 4; i++) {
            assertFalse(acc.get(i).atOrBelowChance(), acc.get(i).toString());
            assertEquals(0, acc.get(i).runsAtOrBelowChance());
        }
        SuiteAnalysis squad = a.suites().get(2);
        assertEquals(null, squad.chance());
        assertNotNull(squad.accuracy());
        assertEquals(null, squad.accuracy().scales().get(0).atOrBelowChance());
        assertEquals(null, a.suites().get(0).accuracy());
    }

    @Test
    void theJsonIsSnakeCaseWithoutNaNAndReadsBackEqual() throws Exception {
        SyntheticStudy.Generated g = SyntheticStudy.generate(SEED);
        List<RunPredictions> partial = new ArrayList<>(g.predictions());
        // Leave out most of the smallest proxy so some figures are undefined, and one reference seed.
        partial.removeIf(p -> p.scale().equals("proxy-37m") && !p.distribution().equals("web")
                || p.runId().equals(Fixtures.runId("books", SyntheticStudy.REFERENCE, 2)));
        ObjectMapper mapper = new ObjectMapper();
        for (StudyAnalysis a : List.of(StudyAnalyzer.analyze(g.layout(), g.predictions()),
                StudyAnalyzer.analyze(g.layout(), partial))) {
            String json = mapper.writeValueAsString(a);
            assertFalse(json.contains("NaN"), "NaN in JSON");
            assertFalse(json.contains("Infinity"), "Infinity in JSON");
            assertTrue(json.contains("\"compute_ratio\":") && json.contains("\"ci_low\":")
                    && json.contains("\"reference_noise_ceiling\":") && !json.contains("computeRatio"));
            assertEquals(a, mapper.readValue(json, StudyAnalysis.class));
        }
        StudyAnalysis a = StudyAnalyzer.analyze(g.layout(), partial);
        assertFalse(a.complete());
        assertEquals(6, a.missingRuns().size());
        ScaleComparison smallest = a.suites().get(0).comparisons().get(0);
        assertEquals(null, smallest.pearson().value());
        assertTrue(smallest.reason().startsWith("only 1 distribution"), smallest.reason());
    }
}
