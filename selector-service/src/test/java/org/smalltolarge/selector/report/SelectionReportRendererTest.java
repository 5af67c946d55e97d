package org.smalltolarge.selector.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smalltolarge.testsupport.HtmlPages.count;
import static org.smalltolarge.testsupport.HtmlPages.figures;
import static org.smalltolarge.testsupport.HtmlPages.parse;
import static org.smalltolarge.testsupport.HtmlPages.selfContainmentProblems;
import static org.smalltolarge.testsupport.HtmlPages.svgs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smalltolarge.charts.Html;
import org.smalltolarge.selector.report.SelectionReport.Row;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SelectionReportRendererTest {
    private static final String SVG_NS = "http://www.w3.org/2000/svg";

    @Test
    void theReportReadsEveryFieldTheWriterWrites() throws Exception {
        SelectionReport r = SyntheticSelectionReport.report("sel-quick");
        assertEquals("sel-quick", r.selectionId());
        assertEquals("sel-quick-dsdm", r.attributionId());
        assertEquals("sel-quick-train", r.studyId());
        assertEquals("lastword", r.suite());
        assertEquals(6, r.holdoutItems());
        assertEquals(10, r.targetItems());
        assertEquals(40, r.poolSize());
        assertEquals(10, r.selectionSize());
        assertEquals(List.of("dsdm", "dsdm_worst", "dsir", "classifier", "random"), r.settings().methods());
        assertEquals(List.of(0L, 1L), r.settings().trainingSeeds());
        assertEquals(4, r.settings().dsdmEnsemble());
        assertEquals(128, r.settings().projectionK());
        assertEquals(List.of("p8k", "p23k", "p60k"), r.proxyScales().stream().map(SelectionReport.ScaleSize::name)
                .toList());
        assertTrue(r.knowsProxyCompute());
        assertEquals(SyntheticSelectionReport.PROXIES.get(1).flops(), r.proxyScales().get(1).flopsPerModel());
        assertEquals(SyntheticSelectionReport.REFERENCE.model().parameters(), r.reference().parameters());
        assertEquals(11, r.selections().size());
        assertEquals(3, r.randomSelections().size());
        Row dsdm = r.find("dsdm", "p23k");
        assertEquals("dsdm_p23k", dsdm.name());
        assertEquals(0.1234, dsdm.gain().mean(), 1e-12);
        assertEquals(10, dsdm.documents());
        assertEquals(6, dsdm.itemLosses().size());
        assertNull(dsdm.accuracy());
        assertNull(r.find("random", null).gain());
        assertEquals(3, r.overlaps().size());
        assertEquals(0.4286, r.overlaps().get(0).jaccard(), 1e-12);
    }

    @Test
    void everyFigureHasItsPlotAndTableAndThePageItsTables() throws Exception {
        String html = SelectionReportRenderer.html(SyntheticSelectionReport.report("sel-quick"), "completed");
        for (String plot : List.of(GainFigure.PLOT, HoldoutLossFigure.PLOT)) {
            assertEquals(1, count(html, "data-plot=\"" + plot + "\""), plot);
        }
        List<String> figures = figures(html);
        assertEquals(2, figures.size());
        for (String f : figures) {
            assertEquals(1, count(f, "<svg"), "one plot per figure");
            assertTrue(f.contains("<table>"), "a table of the numbers in every figure");
        }
        assertTrue(html.contains("<h3>Gain over random against proxy compute</h3>"));
        assertTrue(html.contains("<h3>Holdout loss per selection</h3>"));
        assertTrue(html.contains("<h2 id=\"selections\">Every selection</h2>"));
        assertTrue(html.contains("<h2 id=\"overlaps\">Overlaps</h2>"));
        assertTrue(html.contains("<h2 id=\"methods\">Methods</h2>"));
        assertTrue(html.contains("<span class=\"badge ok\">completed</span>"));
        assertTrue(html.contains("2,000 draws"), "the bootstrap's size");
        assertTrue(html.contains("resamples holdout items and random selections together"));
        // header cards: suite, holdout items, pool, selection size, methods
        for (String card : List.of("<div class=\"big\">lastword</div>", "<div class=\"big\">6</div>",
                "<div class=\"big\">40</div>", "<div class=\"big\">10</div>", "<div class=\"big\">5</div>")) {
            assertTrue(html.contains(card), card);
        }
        assertTrue(html.contains("DsDm, DsDm (worst end), DSIR, quality classifier, random"));
        // figure 1: DsDm and its worst end at each scale, DSIR's and the classifier's lines, zero
        Element gain = parse(svgs(figures.get(0)).get(0));
        assertEquals(3, titledMarks(gain, "dsdm_p").size());
        assertEquals(3, titledMarks(gain, "dsdm_worst_").size());
        assertEquals(2, count(figures.get(0), "class=\"identity\""), "the zero line and its legend entry");
        assertEquals(4, count(figures.get(0), "class=\"chance\""), "DSIR and classifier: line and legend each");
        assertEquals(2, gain.getElementsByTagNameNS(SVG_NS, "polyline").getLength(), "two series joined");
        // figure 2: one marker per selection, the random band
        Element loss = parse(svgs(figures.get(1)).get(0));
        assertEquals(11, titledMarks(loss, "holdout loss").size());
        assertEquals(1, count(figures.get(1), "class=\"chanceband\"><title>3 random selection(s): 3.100 to 3.140"));
    }

    @Test
    void theFiguresPlaceDsdmByComputeAndGain() throws Exception {
        String html = SelectionReportRenderer.html(SyntheticSelectionReport.report("sel-quick"), "completed");
        Element gain = parse(svgs(figures(html).get(0)).get(0));
        List<Element> dsdm = titledMarks(gain, "dsdm_p");
        // x grows with the proxy's compute, y falls (SVG y grows downwards) as the gain grows
        double[] xs = dsdm.stream().mapToDouble(e -> Double.parseDouble(e.getAttribute("cx"))).toArray();
        double[] ys = dsdm.stream().mapToDouble(e -> Double.parseDouble(e.getAttribute("cy"))).toArray();
        assertTrue(xs[0] < xs[1] && xs[1] < xs[2], java.util.Arrays.toString(xs));
        assertTrue(ys[0] > ys[1] && ys[1] > ys[2], java.util.Arrays.toString(ys));
        assertTrue(gain.getTextContent().contains("training FLOPs per proxy model (log scale)"));
        for (var s : SyntheticSelectionReport.PROXIES) {
            assertTrue(html.contains(Html.flops(s.flops())), "FLOPs of " + s.name());
            assertTrue(html.contains(Html.flops(4 * s.flops())), "FLOPs of the 4-model ensemble at " + s.name());
        }
    }

    @Test
    void theTablesHoldTheReportedNumbers() throws Exception {
        String html = SelectionReportRenderer.html(SyntheticSelectionReport.report("sel-quick"), "completed");
        for (double g : SyntheticSelectionReport.DSDM) {
            String cell = Cells.signed(g) + " <span class=\"ci\">[" + Cells.signed(g - 0.04) + ", "
                    + Cells.signed(g + 0.05) + "]</span>";
            assertEquals(2, count(html, cell), cell + ": figure 1's table and the table of every selection");
            assertTrue(html.contains("<td class=\"num\">" + Html.num(SyntheticSelectionReport.loss(g), 3) + "</td>"));
        }
        assertTrue(html.contains("+0.051 <span class=\"ci\">[+0.011, +0.101]</span>"));
        assertTrue(html.contains("-0.400 <span class=\"ci\">[-0.440, -0.350]</span>"), "worst end at p60k");
        assertTrue(html.contains("+0.088 <span class=\"ci\">[+0.048, +0.138]</span>"), "DSIR");
        assertTrue(html.contains("DSIR +0.088"), "DSIR's line in the legend");
        assertTrue(html.contains("<td class=\"num\">3.140</td><td class=\"num\">+0.020</td>"), "random_1 vs mean");
        assertTrue(html.contains("<td>mean of the random selections</td><td>random</td><td class=\"num\">3.120"));
        assertTrue(html.contains("<td class=\"num\">0.110</td></tr>"), "SD over holdout items of +-0.1");
        assertTrue(html.contains("<td>pareto(alpha=9) &gt; 1 - score</td>"), "the classifier's rule");
        // overlaps: a symmetric matrix of the non-random selections
        String overlaps = html.substring(html.indexOf("id=\"overlaps\""), html.indexOf("id=\"methods\""));
        assertEquals(2, count(overlaps, "<td class=\"num\">0.429</td>"));
        assertEquals(2, count(overlaps, "<td class=\"num\">0.176</td>"));
        assertEquals(2, count(overlaps, "<td class=\"num\">0.000</td>"));
        assertEquals(8 * 8 - 6, count(overlaps, "<td>&#8211;</td>"), "the diagonal and the pairs not reported");
        assertTrue(overlaps.contains("<tr><th>dsir</th>"));
        assertFalse(overlaps.contains("random_0"), "random selections have no overlaps");
    }

    @Test
    void missingValuesSayWhyAndNoNaNReachesThePage() throws Exception {
        String html = SelectionReportRenderer.html(SyntheticSelectionReport.report("sel-quick"), "completed");
        assertFalse(html.contains("NaN"));
        assertFalse(html.contains("Infinity"));
        assertEquals(11, count(html, "<td class=\"num\"><span class=\"ci\">&#8211; (no right answers)</span></td>"),
                "every accuracy");
        assertEquals(3, count(html, "<td><span class=\"ci\">baseline</span></td>"), "random selections' gains");

        // with accuracies: they show, and nothing is undefined
        ObjectNode json = SyntheticSelectionReport.json("acc");
        for (var s : json.get("summary").withArray("selections")) {
            ((ObjectNode) s).put("holdout_accuracy", 0.625);
        }
        String withAnswers = SelectionReportRenderer.html(SelectionReport.parse(json.toString()), "completed");
        assertEquals(11, count(withAnswers, "<td class=\"num\">0.625</td>"));
        assertFalse(withAnswers.contains("class=\"undef\""));
        assertFalse(withAnswers.contains("no right answers"));

        // no random selections: no gains anywhere, and the figure says why
        ObjectNode noRandom = SyntheticSelectionReport.json("no-random");
        ArrayNode results = noRandom.get("summary").withArray("selections");
        for (int i = results.size() - 1; i >= 0; i--) {
            if (results.get(i).get("method").asText().equals("random")) {
                results.remove(i);
            } else {
                ((ObjectNode) results.get(i)).putNull("gain");
            }
        }
        ArrayNode written = noRandom.withArray("selections");
        for (int i = written.size() - 1; i >= 0; i--) {
            if (written.get(i).get("method").asText().equals("random")) {
                written.remove(i);
            }
        }
        String none = SelectionReportRenderer.html(SelectionReport.parse(noRandom.toString()), "completed");
        assertTrue(none.contains("no gains: no random selections to compare with"));
        assertEquals(8 + 8, count(none, "undefined (no random selections to compare with)"),
                "figure 1's tables and the table of every selection");

        // no DsDm at all: DSIR's line and random still drawn, and the figure says why there are no points
        ObjectNode noDsdm = SyntheticSelectionReport.json("no-dsdm");
        for (ArrayNode list : List.of(noDsdm.get("summary").withArray("selections"), noDsdm.withArray("selections"))) {
            for (int i = list.size() - 1; i >= 0; i--) {
                if (list.get(i).get("method").asText().startsWith("dsdm")) {
                    list.remove(i);
                }
            }
        }
        String baselinesOnly = SelectionReportRenderer.html(SelectionReport.parse(noDsdm.toString()), "completed");
        assertTrue(baselinesOnly.contains("no DsDm selections: the request did not ask for DsDm"));
        assertTrue(baselinesOnly.contains("DSIR +0.088"));

        // a bare report, and an older one without the request or the scales' compute: still a page, still no NaN
        ObjectNode old = SyntheticSelectionReport.json("old");
        old.remove(List.of("request", "proxy_scales", "reference", "selection_size"));
        for (String json2 : List.of("{\"summary\": {\"selection_id\": \"bare\"}}", "{}", old.toString())) {
            String page = SelectionReportRenderer.html(SelectionReport.parse(json2), null);
            assertFalse(page.contains("NaN"), json2);
            assertTrue(page.contains("status unknown"));
            assertEquals(2, svgs(page).size());
            for (String svg : svgs(page)) {
                parse(svg);
            }
        }
        String older = SelectionReportRenderer.html(SelectionReport.parse(old.toString()), "completed");
        assertTrue(older.contains("proxy scale, in the request&#39;s order"), "DsDm's scales in order, no compute");
        assertEquals(3, titledMarks(parse(svgs(older).get(0)), "dsdm_p").size());
        // and a NaN written by Mongo's relaxed JSON reads as undefined
        ObjectNode nan = SyntheticSelectionReport.json("nan");
        ((ObjectNode) nan.get("summary").withArray("selections").get(0)).putObject("holdout_loss")
                .put("$numberDouble", "NaN");
        String nanPage = SelectionReportRenderer.html(SelectionReport.parse(nan.toString()), "completed");
        assertFalse(nanPage.contains("NaN"));
        assertTrue(nanPage.contains("undefined (not in the report)"));
        assertTrue(nanPage.contains("undefined: no holdout loss in the report"));
    }

    @Test
    void everyUserStringIsEscaped() throws Exception {
        String evil = "a&<b>";
        ObjectNode json = SyntheticSelectionReport.json(evil);
        ObjectNode first = (ObjectNode) json.get("summary").withArray("selections").get(0);
        first.put("selection", "<script>x</script>").put("rule", "<img src=x>").put("proxy_scale", "p\"'<i>");
        ((ObjectNode) json.withArray("proxy_scales").get(0)).put("name", "p\"'<i>");
        ((ObjectNode) json.get("summary")).put("suite", "s<u>");
        ((ObjectNode) json.get("request")).put("corpus", "c</code><b>");
        ((ObjectNode) json.get("summary").withArray("overlaps").get(0)).put("a", "<script>x</script>");
        String html = SelectionReportRenderer.html(SelectionReport.parse(json.toString()), "completed<b>");
        assertFalse(html.contains(evil));
        assertTrue(html.contains("a&amp;&lt;b&gt;"));
        assertTrue(html.contains("<title>a&amp;&lt;b&gt; \u2014 small-to-large selection</title>"));
        assertFalse(html.contains("<script"));
        assertTrue(html.contains("&lt;script&gt;x&lt;/script&gt;"));
        assertFalse(html.contains("<img"));
        assertFalse(html.contains("<i>"));
        assertFalse(html.contains("<u>"));
        assertFalse(html.contains("<b>"));
        assertTrue(html.contains("p&quot;&#39;&lt;i&gt;"));
        // the renamed selection is still DsDm at the renamed scale: its gain is on the page and in the plot
        assertTrue(html.contains(Cells.signed(SyntheticSelectionReport.DSDM[0]) + " <span class=\"ci\">"));
        for (String svg : svgs(html)) {
            parse(svg); // still well-formed
        }
        String missing = SelectionReportRenderer.notFound("No selection '" + evil + "'.");
        assertFalse(missing.contains(evil));
        assertTrue(missing.contains("No selection &#39;a&amp;&lt;b&gt;&#39;."));
    }

    @Test
    void everyPlotIsWellFormedSvgWithATitleAndMarksAndThePageNeedsNoNetwork() throws Exception {
        String html = SelectionReportRenderer.html(SyntheticSelectionReport.report("sel-quick"), "completed");
        assertFalse(svgs(html).isEmpty(), "the page has plots");
        assertEquals(List.of(), selfContainmentProblems(html));
    }

    /** Markers (circle, rect, path) whose hover title starts with or contains {@code text}. */
    static List<Element> titledMarks(Element svg, String text) {
        List<Element> out = new ArrayList<>();
        NodeList titles = svg.getElementsByTagNameNS(SVG_NS, "title");
        for (int i = 0; i < titles.getLength(); i++) {
            Element t = (Element) titles.item(i);
            Element parent = (Element) t.getParentNode();
            if (parent != svg && "marker".equals(parent.getAttribute("class"))
                    && t.getTextContent().contains(text)) {
                out.add(parent);
            }
        }
        return out;
    }
}
