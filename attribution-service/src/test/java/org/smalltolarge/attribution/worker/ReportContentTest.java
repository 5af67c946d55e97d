package org.smalltolarge.attribution.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smalltolarge.attribution.domain.AttributionComputation.ScaleResult;
import org.smalltolarge.attribution.report.AttributionReport;
import org.smalltolarge.attribution.report.AttributionReportRenderer;
import org.smalltolarge.attribution.trak.Lds;
import org.smalltolarge.attribution.trak.ScaleAgreement;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.events.AttributionCompleted;
import org.smalltolarge.contracts.events.AttributionRequested;
import org.smalltolarge.spec.ModelShape;
import org.smalltolarge.spec.Scale;
import org.smalltolarge.spec.TrainingSettings;

/**
 * The HTML report reads what the worker writes: results with undefined targets go through
 * {@link AttributionRunner#reportContent} and JSON, come back through {@link AttributionReport#parse} with every
 * figure's numbers, and render.
 */
class ReportContentTest {

    @Test
    void theHtmlReportReadsEveryFigureTheWorkerWrites(@TempDir Path dir) throws Exception {
        Scale tiny = new Scale("tiny", new ModelShape(16, 1, 2, 32), 20_000);
        Scale small = new Scale("small", new ModelShape(32, 1, 2, 32), 40_000);
        AttributionRequested request = request(List.of(tiny, small));
        Lds.Result tinyLds = new Lds.Result(0.25, 0.1, 0.4, new double[] {0.2, Double.NaN, 0.3}, 0.5, 4, 2);
        Lds.Result tinyOwn = new Lds.Result(Double.NaN, null, null, new double[] {Double.NaN, Double.NaN,
            Double.NaN}, Double.NaN, 4, 0);
        Lds.Result smallLds = new Lds.Result(0.5, 0.35, 0.6, new double[] {0.4, 0.5, 0.6}, 1.0, 4, 3);
        Lds.Result oneModel = new Lds.Result(0.125, null, null, new double[] {0.1, Double.NaN, 0.15}, 0.0, 4, 2);
        Map<Integer, Lds.Result> tinyCurve = new LinkedHashMap<>();
        tinyCurve.put(1, oneModel);
        tinyCurve.put(2, tinyLds);
        Map<Integer, Lds.Result> smallCurve = new LinkedHashMap<>();
        smallCurve.put(1, oneModel);
        smallCurve.put(2, smallLds);
        Path scores = Files.write(dir.resolve("scores.f64"), new byte[] {1, 2, 3});
        List<ScaleResult> results = List.of(
                new ScaleResult("tiny", tiny.model().parameters(), tiny.flops(), tinyLds, tinyOwn,
                        new ScaleAgreement.Result(new double[] {0.9, Double.NaN, -0.2}, new double[] {1, 0, 0.5}, 1),
                        scores, tinyCurve),
                new ScaleResult("small", small.model().parameters(), small.flops(), smallLds, smallLds, null, scores,
                        smallCurve));
        AttributionCompleted completed = new AttributionCompleted("attr-rt", "attr-rt-models",
                AttributionRunner.summaries(results), "http://x/attributions/attr-rt/report", Instant.now());

        String json = new ObjectMapper().writeValueAsString(AttributionRunner.reportContent("attr-rt",
                "attr-rt-models", request, 24, List.of("t0", "t1", "t2"), results, completed, 12.5));
        AttributionReport r = AttributionReport.parse(json);

        assertEquals("attr-rt", r.attributionId());
        assertEquals("attr-rt-models", r.studyId());
        assertEquals(24, r.poolSize());
        assertEquals(List.of("t0", "t1", "t2"), r.targets());
        assertEquals(12.5, r.computeSeconds());
        assertEquals(new AttributionReport.Settings("demo", "lastword", "small", 2, 4, 1L, "sparse_jl", 128, 5L, 0.1,
                "margin"), r.settings());
        AttributionReport.ScaleReport t = r.scales().get(0);
        assertEquals("tiny", t.scale());
        assertEquals(tiny.flops(), t.flopsPerModel());
        assertEquals(tiny.model().parameters(), t.parameters());
        assertEquals(new AttributionCompleted.LdsValue(0.25, 0.1, 0.4, 0.5, 2), t.lds());
        assertNull(t.ldsOwnScale().mean());
        assertEquals(java.util.Arrays.asList(0.2, null, 0.3), t.ldsPerTarget());
        assertEquals(List.of(1, 2), t.ldsByEnsembleSize().stream().map(AttributionReport.EnsemblePoint::models)
                .toList());
        assertEquals(0.125, t.ldsByEnsembleSize().get(0).lds().mean());
        assertNull(t.ldsByEnsembleSize().get(0).lds().low());
        assertEquals(java.util.Arrays.asList(0.9, null, -0.2), t.spearmanWithReference());
        assertEquals(List.of(1.0, 0.0, 0.5), t.topOverlapWithReference());
        assertEquals(1, t.topCount());
        assertFalse(r.scales().get(1).hasAgreement());
        assertEquals(0.35, r.scales().get(1).lds().low());

        String html = AttributionReportRenderer.html(r, "completed");
        assertTrue(html.contains("0.250 <span class=\"ci\">[0.100, 0.400]</span>"), "tiny's LDS with its interval");
        assertTrue(html.contains("0.125 <span class=\"ci\">[CI <span class=\"undef\">undefined ("),
                "a point without an interval says so");
        assertFalse(html.contains("NaN"));
    }

    /** Decoded from its JSON (the pool's record type is not named here, so the test reads the same on every side). */
    private static AttributionRequested request(List<Scale> scales) {
        ObjectNode json = EventJson.mapper().createObjectNode();
        json.put("attribution_id", "attr-rt").put("corpus", "demo");
        json.putObject("training_set").put("size", 24).put("seed", 2).putObject("mixture").put("fiction", 1.0);
        json.putObject("targets").put("suite", "lastword").put("items", 3);
        json.set("scales", EventJson.mapper().valueToTree(scales));
        json.put("reference", "small").put("ensemble", 2);
        json.putObject("lds").put("subsets", 4).put("seed", 1);
        json.putObject("projection").put("kind", "sparse_jl").put("k", 128).put("seed", 5);
        json.put("ridge_lambda", 0.1).put("output", "margin");
        json.set("training", EventJson.mapper().valueToTree(TrainingSettings.DEFAULTS));
        json.put("requested_at", "2026-01-01T00:00:00Z").put("requested_by", "test");
        return EventJson.decode(EventType.ATTRIBUTION_REQUESTED, json.toString());
    }
}
