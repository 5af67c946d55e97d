package org.smalltolarge.selector.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.smalltolarge.charts.Html;
import org.smalltolarge.contracts.events.AttributionRequested;
import org.smalltolarge.contracts.events.ExamplePool;
import org.smalltolarge.contracts.events.SelectionCompleted;
import org.smalltolarge.contracts.events.SelectionRequested;
import org.smalltolarge.selector.domain.Selection;
import org.smalltolarge.selector.domain.SelectionAnalysis;
import org.smalltolarge.selector.report.SelectionReport;
import org.smalltolarge.selector.report.SelectionReportRenderer;
import org.smalltolarge.spec.ModelShape;
import org.smalltolarge.spec.Scale;
import org.smalltolarge.spec.TrainingSettings;

/**
 * The HTML report reads what the worker writes: selections analysed by {@link SelectionAnalysis}, written by
 * {@link SelectionRunner#reportContent}, stored and read back as MongoDB does it (a BSON document, then relaxed
 * JSON), come back through {@link SelectionReport#parse} with every number the page shows, and render.
 */
class ReportContentTest {
    static final Scale TINY = new Scale("tiny", new ModelShape(16, 1, 2, 32), 20_000);
    static final Scale SMALL = new Scale("small", new ModelShape(32, 1, 2, 32), 40_000);
    static final Scale REF = new Scale("ref", new ModelShape(64, 2, 4, 64), 200_000);

    @Test
    void theHtmlReportReadsEverythingTheWorkerWrites() throws Exception {
        SelectionRequested request = new SelectionRequested("sel-rt", "demo", new ExamplePool(Map.of("fiction", 1.0),
                12, 3L, null), new SelectionRequested.TargetTask("lastword", 4, 3), 4,
                List.of("dsdm", "dsdm_worst", "dsir", "random"), List.of(TINY, SMALL), REF, List.of(0L, 1L), 2, 5,
                new SelectionRequested.DsdmSettings(2, new AttributionRequested.ProjectionSettings("factored", 128, 0),
                        10, "margin"), 1000, Map.of("fiction_only", Map.of("fiction", 1.0)), TrainingSettings.DEFAULTS,
                Instant.parse("2025-01-01T00:00:00Z"), "test");
        List<Selection> made = List.of(
                new Selection("dsdm_tiny", "dsdm", "tiny", List.of("d0", "d1", "d2", "d3"), "top 4, tiny"),
                new Selection("dsdm_worst_tiny", "dsdm_worst", "tiny", List.of("d8", "d9", "d10", "d11"), "bottom 4"),
                new Selection("dsdm_small", "dsdm", "small", List.of("d0", "d1", "d4", "d5"), "top 4, small"),
                new Selection("dsdm_worst_small", "dsdm_worst", "small", List.of("d6", "d7", "d10", "d11"), "bottom"),
                new Selection("dsir", "dsir", null, List.of("d1", "d2", "d6", "d7"), "DSIR <seeded>"),
                new Selection("random_0", "random", null, List.of("d2", "d3", "d4", "d5"), "uniform"),
                new Selection("random_1", "random", null, List.of("d6", "d7", "d8", "d9"), "uniform"));
        // per selection a loss offset on every item and seed: DsDm at small best, its worst end worse than random
        Map<String, Double> offset = Map.of("dsdm_tiny", -0.1, "dsdm_worst_tiny", 0.3, "dsdm_small", -0.25,
                "dsdm_worst_small", 0.2, "dsir", -0.05, "random_0", 0.01, "random_1", -0.01);
        List<SelectionAnalysis.RunOutcome> runs = new ArrayList<>();
        for (Selection s : made) {
            for (long seed : new long[] {0, 1}) {
                runs.add(new SelectionAnalysis.RunOutcome(s.name(), seed, new double[] {3.0 + offset.get(s.name()),
                    3.2 + offset.get(s.name()), 2.9 + offset.get(s.name())}, null));
            }
        }
        SelectionAnalysis.Result result = SelectionAnalysis.analyze(made, runs, request.seed());
        SelectionCompleted completed = new SelectionCompleted("sel-rt", "sel-rt-dsdm", "sel-rt-train", "lastword", 3,
                result.selections(), result.overlaps(), "http://x/selections/sel-rt/report",
                Instant.parse("2025-01-02T00:00:00Z"));

        String written = SelectionRunner.reportContent(request, 12, List.of("t0", "t1", "t2", "t3"),
                List.of("h0", "h1", "h2"), made, completed, result.itemLosses());
        JsonNode raw = new ObjectMapper().readTree(written);
        assertEquals("sel-rt", raw.get("summary").get("selection_id").asText(), "the existing fields stay");
        assertEquals(3, raw.get("holdout_items").size());
        assertEquals(3, raw.get("selections").get(0).get("holdout_item_losses").size());
        assertEquals(TINY.flops(), raw.get("proxy_scales").get(0).get("flops_per_model").asDouble());
        assertEquals("sel-rt", raw.get("request").get("selection_id").asText());

        String stored = Document.parse(written).toJson(); // what SelectionRepository.report answers
        SelectionReport r = SelectionReport.parse(stored);
        assertEquals("sel-rt", r.selectionId());
        assertEquals("sel-rt-dsdm", r.attributionId());
        assertEquals("sel-rt-train", r.studyId());
        assertEquals("lastword", r.suite());
        assertEquals(3, r.holdoutItems());
        assertEquals(4, r.targetItems());
        assertEquals(12, r.poolSize());
        assertEquals(4, r.selectionSize());
        assertEquals(new SelectionReport.Settings("demo", List.of("dsdm", "dsdm_worst", "dsir", "random"),
                List.of(0L, 1L), 2, 5L, 2, "factored", 128, 10.0, "margin", 1000), r.settings());
        assertEquals(List.of(new SelectionReport.ScaleSize("tiny", TINY.model().parameters(), 20_000L, TINY.flops()),
                new SelectionReport.ScaleSize("small", SMALL.model().parameters(), 40_000L, SMALL.flops())),
                r.proxyScales());
        assertEquals(new SelectionReport.ScaleSize("ref", REF.model().parameters(), 200_000L, REF.flops()),
                r.reference());
        assertEquals(made.stream().map(Selection::name).toList(), r.selections().stream()
                .map(SelectionReport.Row::name).toList());
        for (SelectionCompleted.SelectionResult expected : completed.selections()) {
            SelectionReport.Row row = r.selections().stream().filter(s -> s.name().equals(expected.selection()))
                    .findFirst().orElseThrow();
            assertEquals(expected.method(), row.method());
            assertEquals(expected.proxyScale(), row.proxyScale());
            assertEquals(expected.documents(), row.documents());
            assertEquals(expected.holdoutLoss(), row.holdoutLoss(), 1e-12);
            assertNull(row.accuracy(), "no answers in these runs");
            assertEquals(expected.rule(), row.rule());
            assertEquals(3, row.itemLosses().size());
            if (expected.gain() == null) {
                assertNull(row.gain());
            } else {
                assertEquals(new SelectionReport.Gain(expected.gain().mean(), expected.gain().low(),
                        expected.gain().high()), row.gain());
            }
        }
        assertEquals(0.25, r.find("dsdm", "small").gain().mean(), 1e-9, "random's mean offset is 0");
        assertEquals(completed.overlaps().size(), r.overlaps().size());
        assertEquals(10, r.overlaps().size(), "five non-random selections, every pair");
        assertEquals(completed.overlaps().get(0).jaccard(), r.overlaps().get(0).jaccard());

        String html = SelectionReportRenderer.html(r, "completed");
        assertFalse(html.contains("NaN"));
        assertTrue(html.contains("+0.250 <span class=\"ci\">["), "DsDm at small's gain");
        assertTrue(html.contains(Html.flops(SMALL.flops())));
        assertTrue(html.contains("DSIR &lt;seeded&gt;"));
        assertTrue(html.contains("training FLOPs per proxy model (log scale)"));
    }
}
