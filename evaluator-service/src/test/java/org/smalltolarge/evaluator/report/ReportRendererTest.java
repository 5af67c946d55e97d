package org.smalltolarge.evaluator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.smalltolarge.charts.Html;
import org.smalltolarge.evaluator.analysis.Fixtures;
import org.smalltolarge.evaluator.analysis.PlannedRunRef;
import org.smalltolarge.evaluator.analysis.ProxyRecommendation;
import org.smalltolarge.evaluator.analysis.RunPredictions;
import org.smalltolarge.evaluator.analysis.ScaleComparison;
import org.smalltolarge.evaluator.analysis.StudyAnalysis;
import org.smalltolarge.evaluator.analysis.StudyAnalyzer;
import org.smalltolarge.evaluator.analysis.StudyLayout;
import org.smalltolarge.evaluator.analysis.SuiteAnalysis;
import org.smalltolarge.evaluator.analysis.SuitePredictions;
import org.smalltolarge.evaluator.analysis.SyntheticStudy;
import org.w3c.dom.Element;
import org.smalltolarge.testsupport.HtmlPages;

class ReportRendererTest {
    private static final String SVG_NS = "xmlns=\"http://www.w3.org/2000/svg\"";

    @Test
    void everySuiteScaleAndExpectedPlotIsOnThePage() {
        StudyAnalysis a = ReportSamples.complete();
        String html = ReportRenderer.html(a);
        // 3 suites x (correlation, scatter, histogram) + accuracy for the 2 suites with answers + 1 overview.
        Map<String, Integer> expected = Map.of("r2-overview", 1, "correlation-vs-compute", 3, "loss-scatter", 3,
                "per-example-histogram", 3, "accuracy-vs-chance", 2);
        expected.forEach((plot, n) -> assertEquals(n, HtmlPages.count(html, "data-plot=\"" + plot + "\""), plot));
        assertEquals(12, HtmlPages.svgs(html).size());
        for (SuiteAnalysis s : a.suites()) {
            assertTrue(html.contains("id=\"suite-" + s.suite() + "\">Test set: " + s.suite()), s.suite());
            for (String plot : List.of("correlation-vs-compute", "loss-scatter", "per-example-histogram")) {
                assertTrue(html.contains("data-plot=\"" + plot + "\" data-suite=\"" + s.suite() + "\""), plot);
            }
        }
        for (String scale : a.proxyScales()) {
            // In every suite's correlation table and in both panel plots' titles.
            assertTrue(HtmlPages.count(html, "<td>" + scale + "</td>") >= 6, scale);
            assertTrue(HtmlPages.count(html, ">" + scale + " \u00b7 ") >= 6, scale);
        }
    }

    @Test
    void theTablesHoldTheAnalysedNumbers() {
        StudyAnalysis a = ReportSamples.complete();
        String html = ReportRenderer.html(a);
        for (SuiteAnalysis s : a.suites()) {
            for (ScaleComparison c : s.comparisons()) {
                String pearson = Html.num(c.pearson().value(), 3) + " <span class=\"ci\">["
                        + Html.num(c.pearson().ciLow(), 3) + ", " + Html.num(c.pearson().ciHigh(), 3) + "]</span>";
                assertTrue(html.contains(pearson), s.suite() + " " + c.scale() + ": " + pearson);
                assertTrue(html.contains(Html.num(c.perExample().median(), 3)));
            }
        }
    }

    @Test
    void noNaNNoScriptAndNoNetworkReferenceOnAnyPage() {
        for (StudyAnalysis a : List.of(ReportSamples.complete(), ReportSamples.partial())) {
            String html = ReportRenderer.html(a);
            assertFalse(html.contains("NaN"), "NaN on the page");
            assertFalse(html.contains("Infinity"), "Infinity on the page");
            assertEquals(HtmlPages.count(html, SVG_NS), HtmlPages.count(html, "http"),
                    "the only http is the SVG namespace");
            assertFalse(html.contains("<script"));
            assertFalse(html.contains("<link"));
            assertFalse(html.contains("src="));
            assertFalse(html.contains("url("));
            assertFalse(html.contains("@import"));
        }
    }

    @Test
    void undefinedValuesShowTheirReasonAndMissingRunsAreListed() {
        StudyAnalysis a = ReportSamples.partial();
        String html = ReportRenderer.html(a);
        assertTrue(html.contains("<span class=\"badge partial\">partial</span>"));
        assertTrue(html.contains("undefined (only 1 distribution with both proxy and reference predictions (need at"
                + " least 3))"));
        assertTrue(html.contains("undefined (no predictions)"));
        for (StudyAnalysis.MissingRun m : a.missingRuns()) {
            assertTrue(html.contains("<td>" + m.runId() + "</td>"), m.runId());
        }
        // Every undefined value on the page carries a reason in parentheses.
        assertEquals(HtmlPages.count(html, "<span class=\"undef\">undefined"),
                HtmlPages.count(html, "<span class=\"undef\">undefined ("));
    }

    @Test
    void everyPlotIsWellFormedSvgWithATitleAndContent() throws Exception {
        for (StudyAnalysis a : List.of(ReportSamples.complete(), ReportSamples.partial())) {
            for (String fragment : HtmlPages.svgs(ReportRenderer.html(a))) {
                Element svg = HtmlPages.parse(fragment);
                assertEquals("svg", svg.getLocalName());
                assertEquals("img", svg.getAttribute("role"));
                assertFalse(svg.getAttribute("data-plot").isEmpty());
                assertEquals("title", svg.getElementsByTagName("*").item(0).getLocalName());
                assertFalse(svg.getElementsByTagName("title").item(0).getTextContent().isBlank());
                int shapes = svg.getElementsByTagName("circle").getLength() + svg.getElementsByTagName("rect")
                        .getLength() + svg.getElementsByTagName("path").getLength();
                assertTrue(shapes > 3, "a plot with data marks: " + svg.getAttribute("data-plot"));
            }
        }
    }

    @Test
    void textFromTheDataIsEscaped() throws Exception {
        String evilSuite = "c4<script>alert(\"x\")</script>";
        String[] dists = {"a&b", "\"quoted\"", "<i>it</i>"};
        List<PlannedRunRef> plan = new ArrayList<>();
        List<RunPredictions> preds = new ArrayList<>();
        for (int i = 0; i < dists.length; i++) {
            PlannedRunRef p = Fixtures.plan(dists[i], "small'one", 1, false, 1000, 1000);
            PlannedRunRef r = Fixtures.plan(dists[i], "big", 1, true, 100_000, 10_000);
            plan.add(p);
            plan.add(r);
            preds.add(Fixtures.predictions(p, Fixtures.text(evilSuite, "h<1>", 3 + i, 4 - i, 2 + i * i)));
            preds.add(Fixtures.predictions(r, Fixtures.text(evilSuite, "h<1>", 2 + i, 3, 1 + i)));
        }
        String html = ReportRenderer.html(StudyAnalyzer.analyze(new StudyLayout("s&<x>", "big", plan), preds));
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("<i>it</i>"));
        assertFalse(html.contains("small'one"));
        assertTrue(html.contains("c4&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
        assertTrue(html.contains("a&amp;b"));
        assertTrue(html.contains("small&#39;one"));
        for (String fragment : HtmlPages.svgs(html)) {
            HtmlPages.parse(fragment); // still well-formed with hostile names
        }
    }

    @Test
    void eachSuitesRecommendationOrItsReasonIsOnThePage() {
        StudyAnalysis a = ReportSamples.complete();
        String html = ReportRenderer.html(a);
        assertTrue(html.contains("id=\"recommendation\""));
        for (SuiteAnalysis s : a.suites()) {
            ProxyRecommendation r = s.recommendation();
            if (r.scale() != null) {
                assertTrue(html.contains("Recommended proxy: <strong>" + r.scale() + "</strong>, "
                        + ComputeAxis.share(r.computeRatio())), s.suite());
                assertTrue(html.contains(Html.ratio(r.computeRatio()) + " (" + ComputeAxis.share(r.computeRatio())
                        + ")"), s.suite());
            } else {
                assertTrue(html.contains(Html.esc(r.reason())), s.suite());
            }
        }
        // One reference seed: no ceiling, no threshold, so the page says why instead of recommending.
        SyntheticStudy.Generated g = SyntheticStudy.generate(ReportSamples.SEED);
        List<PlannedRunRef> oneSeed = g.layout().runs().stream().filter(r -> !r.isReference() || r.seed() == 1)
                .toList();
        String single = ReportRenderer.html(StudyAnalyzer.analyze(new StudyLayout("one", SyntheticStudy.REFERENCE,
                oneSeed), g.predictions().stream().filter(p -> !p.role().equals("reference") || p.seed() == 1)
                .toList()));
        assertFalse(single.contains("Recommended proxy: <strong>"));
        assertEquals(a.suites().size(), HtmlPages.count(single, "and the study sets no"
                + " analysis.recommend_min_correlation; no proxy is recommended)</span></td></tr>"));
    }

    @Test
    void aPartialAnalysisSaysHowManyRunsItCoversAndWhichAreMissing() {
        StudyAnalysis a = ReportSamples.partial();
        String html = ReportRenderer.html(a);
        int planned = a.compute().runs().size();
        assertTrue(html.contains("<span class=\"badge partial\">partial</span> " + (planned - a.missingRuns().size())
                + " of " + planned + " runs analysed</h3>"), "the banner");
        // proxy-37m lacks every distribution but web; the reference lacks books' second seed.
        assertTrue(html.contains("Missing: proxy-37m 5 of 6 (arxiv, books, wikipedia, s2orc, stackexchange);"
                + " ref-760m 1 of 12 (books seed 2)."), "the missing runs per scale");
        assertFalse(ReportRenderer.html(ReportSamples.complete()).contains("id=\"partial\""));
    }

    @Test
    void plotsAgainstComputeRunFromTheCheapestProxyToTheReferenceWithTheShareAboveEachPoint() throws Exception {
        StudyAnalysis a = ReportSamples.complete();
        String html = ReportRenderer.html(a);
        for (String fragment : HtmlPages.svgs(html)) {
            Element svg = HtmlPages.parse(fragment);
            String plot = svg.getAttribute("data-plot");
            if (!plot.equals("correlation-vs-compute") && !plot.equals("r2-overview")) {
                continue;
            }
            assertTrue(fragment.contains(ComputeAxis.TITLE), plot);
            // Pearson markers (circles) of the correlation plot, or the first suite's in the overview: their x
            // grows with the proxies' compute, cheapest first.
            List<Double> xs = new ArrayList<>();
            var circles = svg.getElementsByTagName("circle");
            for (int i = 0; i < circles.getLength(); i++) {
                Element c = (Element) circles.item(i);
                String tip = c.getTextContent();
                if (tip.startsWith("Pearson r = ") || tip.startsWith(a.suites().get(0).suite() + ": R")) {
                    xs.add(Double.parseDouble(c.getAttribute("cx")));
                }
            }
            assertEquals(a.proxyScales().size(), xs.size(), plot);
            for (int i = 1; i < xs.size(); i++) {
                assertTrue(xs.get(i) > xs.get(i - 1), plot + ": more compute lies further right " + xs);
            }
            for (ScaleComparison c : a.suites().get(0).comparisons()) {
                assertTrue(fragment.contains(">" + ComputeAxis.fraction(c.computeRatio()) + "</text>"), plot);
            }
            assertTrue(fragment.contains(">reference</text>"), plot);
        }
        assertEquals("1/422", ComputeAxis.fraction(421.9));
        assertEquals("1/4.7", ComputeAxis.fraction(4.7));
        assertEquals("1", ComputeAxis.fraction(1));
    }

    @Test
    void eachTestSetSaysHowManyItemsWereCutToFitEachScalesWindow() {
        SyntheticStudy.Generated g = SyntheticStudy.generate(ReportSamples.SEED);
        // as if the proxies had a 64-token context that cut 98 of c4's 300 items, and the reference 512 cutting none
        List<RunPredictions> preds = g.predictions().stream().map(p -> {
            Map<String, SuitePredictions> suites = new java.util.TreeMap<>();
            p.suites().forEach((name, sp) -> suites.put(name, new SuitePredictions(sp.suite(), sp.contentHash(),
                    sp.kind(), sp.itemIds(), sp.losses(), sp.correct(), sp.chance(), sp.chosen(),
                    p.role().equals("reference") ? 512 : 64,
                    name.equals("c4") && !p.role().equals("reference") ? 98 : 0)));
            return new RunPredictions(p.runId(), p.distribution(), p.scale(), p.seed(), p.role(), p.flops(), suites);
        }).toList();
        String html = ReportRenderer.html(StudyAnalyzer.analyze(g.layout(), preds));
        assertTrue(html.contains("Cut to fit the models&#39; window (context + 1 tokens): 98 of 300 items at"
                + " proxy-37m, proxy-124m, proxy-350m (context 64); 0 of 300 items at ref-760m (context 512)."), "c4");
        assertEquals(2, HtmlPages.count(html, "No item was cut: every item fits the window of every scale&#39;s"
                + " models."), "squad and hellaswag");
        assertFalse(ReportRenderer.html(ReportSamples.complete()).contains("itemscut"), "not recorded: not said");
    }

    /** Analyses stored before recommendations and cut counts existed read back and render without them. */
    @Test
    void anAnalysisStoredBeforeRecommendationsAndCutCountsStillRenders() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode old = json.valueToTree(ReportSamples.partial());
        ((com.fasterxml.jackson.databind.node.ObjectNode) old.get("settings")).remove("recommend_min_correlation");
        for (var suite : old.get("suites")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) suite).remove(List.of("recommendation", "items_cut"));
        }
        StudyAnalysis read = json.treeToValue(old, StudyAnalysis.class);
        String html = ReportRenderer.html(read);
        assertEquals(read.suites().size(), HtmlPages.count(html, "undefined (not computed)"));
        assertFalse(html.contains("Recommended proxy: "));
        assertFalse(html.contains("itemscut"));
        assertTrue(html.contains("id=\"partial\""));
    }
}
