package org.smalltolarge.attribution.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smalltolarge.testsupport.HtmlPages.count;
import static org.smalltolarge.testsupport.HtmlPages.figures;
import static org.smalltolarge.testsupport.HtmlPages.parse;
import static org.smalltolarge.testsupport.HtmlPages.selfContainmentProblems;
import static org.smalltolarge.testsupport.HtmlPages.svgs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smalltolarge.charts.Html;

class AttributionReportRendererTest {

    @Test
    void theReportReadsEveryFieldTheWriterWrites() throws Exception {
        AttributionReport r = SyntheticReport.report("attr-quick");
        assertEquals("attr-quick", r.attributionId());
        assertEquals("attr-quick-models", r.studyId());
        assertEquals(140, r.poolSize());
        assertEquals(SyntheticReport.TARGETS, r.targets().size());
        assertEquals("ref", r.settings().reference());
        assertEquals(1024, r.settings().projectionK());
        assertEquals(100.0, r.settings().ridgeLambda());
        assertEquals(List.of("p8k", "p23k", "ref"), r.scales().stream().map(AttributionReport.ScaleReport::scale)
                .toList());
        AttributionReport.ScaleReport p8k = r.scales().get(0);
        assertEquals(0.0812, p8k.lds().mean(), 1e-12);
        assertEquals(0.0812 - 0.06, p8k.lds().low(), 1e-12);
        assertNull(p8k.ldsOwnScale().mean());
        assertNull(p8k.ldsPerTarget().get(3));
        assertNull(p8k.ldsOwnScalePerTarget().get(3), "\"NaN\" reads as undefined");
        assertEquals(5, p8k.ldsByEnsembleSize().size());
        assertNull(p8k.ldsByEnsembleSize().get(0).lds().mean());
        assertEquals(2, p8k.topCount());
        assertTrue(p8k.hasAgreement());
        assertFalse(r.scales().get(2).hasAgreement(), "the reference is not compared with itself");
        assertTrue(r.isReference("ref"));
    }

    @Test
    void everyFigureHasItsPlotAndTable() throws Exception {
        String html = AttributionReportRenderer.html(SyntheticReport.report("attr-quick"), "completed");
        for (String plot : List.of(LdsComputeFigure.PLOT, EnsembleSizeFigure.PLOT, AgreementFigure.PLOT)) {
            assertEquals(1, count(html, "data-plot=\"" + plot + "\""), plot);
        }
        List<String> figures = figures(html);
        assertEquals(3, figures.size());
        for (String f : figures) {
            assertEquals(1, count(f, "<svg"), "one plot per figure");
            assertTrue(f.contains("<table>"), "a table of the numbers in every figure");
        }
        assertTrue(html.contains("<h3>LDS against proxy compute</h3>"));
        assertTrue(html.contains("<h3>LDS against ensemble size</h3>"));
        assertTrue(html.contains("<h3>Agreement with the reference&#39;s scores</h3>"));
        // the agreement figure: two panels for each of the two proxies, none for the reference
        assertEquals(2, count(figures.get(2), "Spearman with reference \u00b7 n = "));
        assertEquals(2, count(figures.get(2), "top-2 overlap \u00b7 n = "));
        assertTrue(html.contains("<span class=\"badge ok\">completed</span>"));
        assertTrue(html.contains("id=\"methods\""));
        assertTrue(html.contains("k = 1024"));
        assertTrue(html.contains("&#955; = 100.0"));
    }

    @Test
    void theTablesHoldTheReportedNumbers() throws Exception {
        String html = AttributionReportRenderer.html(SyntheticReport.report("attr-quick"), "completed");
        for (int k = 0; k < 3; k++) {
            double v = SyntheticReport.LDS[k];
            String cell = Html.num(v, 3) + " <span class=\"ci\">[" + Html.num(v - 0.06, 3) + ", "
                    + Html.num(v + 0.05, 3) + "]</span>";
            assertTrue(html.contains(cell), cell);
            assertTrue(html.contains(Html.flops(SyntheticReport.FLOPS[k])), "FLOPs of scale " + k);
        }
        // the ensemble table: one row per size, and p23k's two-model point
        for (int m : new int[] {1, 2, 5, 10, 16}) {
            assertTrue(html.contains("<tr><td class=\"num\">" + m + "</td>"), "row " + m);
        }
        double two = 0.1437 * (0.4 + 0.6 / 4.0);
        assertTrue(html.contains(Html.num(two, 3) + " <span class=\"ci\">[" + Html.num(two - 0.05, 3)), "m = 2");
        assertTrue(html.contains("<div class=\"big\">140</div>"), "pool size");
        assertTrue(html.contains("<div class=\"big\">12</div>"), "targets");
        assertTrue(html.contains("<td>lastword/11</td>"), "per-target rows");
        // top overlaps 1, 0.5, 0 in turn: mean 0.5 for both proxies
        assertEquals(2, count(html,
                "<td class=\"num\">2</td><td class=\"num\">0.500</td><td class=\"num\">0.500</td>"));
    }

    @Test
    void undefinedValuesShowTheirReasonAndNoNaNReachesThePage() throws Exception {
        String html = AttributionReportRenderer.html(SyntheticReport.report("attr-quick"), "completed");
        assertFalse(html.contains("NaN"));
        assertFalse(html.contains("Infinity"));
        assertTrue(html.contains("undefined (no target with a defined correlation)"), "p8k's own-scale LDS");
        assertTrue(html.contains("undefined (constant outputs or predictions)"), "target 3's LDS");
        assertTrue(html.contains("1 value(s) undefined,"), "figure 1 counts the undefined own-scale LDS");
        assertEquals(count(html, "<span class=\"undef\">undefined"), count(html, "<span class=\"undef\">undefined ("));

        // a report with nothing but an id, one with a single scale and no curve: still a page, still no NaN
        ObjectNode single = SyntheticReport.json("solo");
        single.withArray("scales").remove(0);
        single.withArray("scales").remove(0);
        ((ObjectNode) single.withArray("scales").get(0)).putArray("lds_by_ensemble_size");
        for (String json : List.of("{\"attribution_id\": \"bare\"}", SyntheticReport.JSON.writeValueAsString(single))) {
            String page = AttributionReportRenderer.html(AttributionReport.parse(json), null);
            assertFalse(page.contains("NaN"), json);
            assertEquals(3, svgs(page).size());
            for (String svg : svgs(page)) {
                parse(svg);
            }
            assertTrue(page.contains("status unknown"));
        }
    }

    /** As the writer puts a request without an LDS bank (lds.subsets 0, scores only): no LDS anywhere. */
    @Test
    void aScoresOnlyReportSaysWhyItHasNoLds() throws Exception {
        ObjectNode json = SyntheticReport.json("scores-only");
        ((ObjectNode) json.get("request").get("lds")).put("subsets", 0);
        for (var n : json.withArray("summary")) {
            for (String field : List.of("lds", "lds_own_scale")) {
                ((ObjectNode) n).putObject(field).putNull("mean").putNull("low").putNull("high")
                        .putNull("significant_share").put("targets", 0);
            }
        }
        for (var n : json.withArray("scales")) {
            ((ObjectNode) n).putNull("lds_per_target").putNull("lds_own_scale_per_target")
                    .putArray("lds_by_ensemble_size");
        }
        AttributionReport r = AttributionReport.parse(SyntheticReport.JSON.writeValueAsString(json));
        assertFalse(r.hasLdsBank());
        String html = AttributionReportRenderer.html(r, "completed");
        assertFalse(html.contains("NaN"));
        assertEquals(6, count(html, "undefined (scores only: the request has no LDS bank)"), "3 scales x 2 LDS");
        assertTrue(html.contains("no LDS: the request has no LDS bank"));
        assertTrue(html.contains("no ensemble-size curve: the request has no LDS bank"));
        assertTrue(html.contains("LDS: not measured."));
        assertEquals(2, count(html, "Spearman with reference \u00b7 n = 11"), "the agreement is still drawn");
        for (String svg : svgs(html)) {
            parse(svg);
        }
    }

    @Test
    void everyUserStringIsEscaped() throws Exception {
        String evil = "a&<b>";
        ObjectNode json = SyntheticReport.json(evil);
        ((ObjectNode) json.withArray("scales").get(0)).put("scale", "<script>x</script>");
        ((ObjectNode) json.withArray("summary").get(0)).put("scale", "<script>x</script>");
        json.withArray("targets").set(0, SyntheticReport.JSON.getNodeFactory().textNode("t\"'<i>"));
        ((ObjectNode) json.get("request")).put("output", "<img src=x>");
        String html = AttributionReportRenderer.html(AttributionReport.parse(SyntheticReport.JSON
                .writeValueAsString(json)), "completed<b>");
        assertFalse(html.contains(evil));
        assertTrue(html.contains("a&amp;&lt;b&gt;"));
        assertTrue(html.contains("<title>a&amp;&lt;b&gt; \u2014 small-to-large attribution</title>"));
        assertFalse(html.contains("<script"));
        assertTrue(html.contains("&lt;script&gt;x&lt;/script&gt;"));
        assertFalse(html.contains("<i>"));
        assertFalse(html.contains("<img"));
        assertFalse(html.contains("completed<b>"));
        assertTrue(html.contains("t&quot;&#39;&lt;i&gt;"));
        // the renamed scale still found its summary: its LDS is on the page
        assertTrue(html.contains(Html.num(SyntheticReport.LDS[0], 3) + " <span class=\"ci\">"));
        for (String svg : svgs(html)) {
            parse(svg); // still well-formed
        }
    }

    @Test
    void everyPlotIsWellFormedSvgWithATitleAndMarksAndThePageNeedsNoNetwork() throws Exception {
        String html = AttributionReportRenderer.html(SyntheticReport.report("attr-quick"), "completed");
        assertFalse(svgs(html).isEmpty(), "the page has plots");
        assertEquals(List.of(), selfContainmentProblems(html));
    }
}
