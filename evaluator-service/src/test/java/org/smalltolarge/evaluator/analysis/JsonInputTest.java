package org.smalltolarge.evaluator.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The inputs read from snake_case JSON as stored documents would hold them (no NaN: chance absent). */
class JsonInputTest {

    @Test
    void aStudyReadFromJsonGivesTheHandWorkedFigures() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/analysis/hand-study.json")) {
            root = mapper.readTree(in);
        }
        StudyLayout layout = mapper.treeToValue(root.get("layout"), StudyLayout.class);
        List<RunPredictions> predictions = new ArrayList<>();
        for (JsonNode p : root.get("predictions")) {
            predictions.add(mapper.treeToValue(p, RunPredictions.class));
        }
        assertEquals(8, layout.runs().size());
        assertEquals("reference", layout.runs().get(1).role());
        SuitePredictions c4 = predictions.get(0).suites().get("c4");
        assertTrue(Double.isNaN(c4.chance()), "absent chance reads as NaN");
        assertEquals(0.5, predictions.get(0).suites().get("copa").chance());

        StudyAnalysis a = StudyAnalyzer.analyze(layout, predictions);
        assertTrue(a.complete());
        // Same numbers as StudyAnalyzerTest.everyStatisticOfAHandWorkedStudy: r = 2 / sqrt(5 * 1.25) = 0.8.
        assertEquals(0.8, a.suites().get(0).comparisons().get(0).pearson().value(), 1e-12);
        // copa: the tiny proxy is right on 1 of 2 items everywhere = chance 0.5; threshold 0.5 + 2*sqrt(.25/2).
        AccuracyAnalysis.ScaleAccuracy tiny = a.suites().get(1).accuracy().scales().get(0);
        assertEquals(0.5, tiny.meanAccuracy());
        assertEquals(0.5 + 2 * Math.sqrt(0.125), tiny.chanceThreshold(), 1e-12);
        assertTrue(tiny.atOrBelowChance());
    }
}
