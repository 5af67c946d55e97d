package org.smalltolarge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smalltolarge.contracts.events.StudyAnalyzed;

class ReportTableTest {
    @Test
    void tablePerSuiteWithIntervalsRatiosAndReasons() throws Exception {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("/sample-report.json")) {
            lines = ReportTable.render(new ObjectMapper().readTree(in));
        }
        assertEquals(List.of(
                "Study quick-demo: reference scale ref, 3 distributions, proxies xs, m",
                "",
                "heldout (text, 100 items)",
                "  proxy           compute  Pearson [CI]           Spearman [CI]          R^2 [CI]",
                "  xs                 1/86  0.912 [0.500, 0.990]   n/a                    0.832 [no CI]",
                "  m                 1/4.0  undefined: fewer than 3 distributions with predictions on both sides",
                "  ref vs ref          1/1  0.970                  1.000                  0.941                  (noise ceiling, reference seeds)",
                "    xs Spearman undefined: a constant vector has no ranks",
                "    xs R^2 has no interval: too few defined resamples",
                "",
                "capitals (choice, 50 items)",
                "  proxy           compute  Pearson [CI]           Spearman [CI]          R^2 [CI]",
                "  xs                 1/86  -0.250 [-0.900, 0.700] -0.500 [-1.000, 1.000] 0.063 [0.000, 0.810]",
                "  noise ceiling undefined: one reference seed: no pair to compare",
                "",
                "compute = a proxy run's training FLOPs relative to one reference run (1/100: 100x cheaper)."), lines);
    }

    /**
     * The evaluator's own output: evaluator-service's StudyAnalyzer run on its hand-worked test study
     * (src/test/resources/analysis/hand-study.json there), serialised by Jackson, copied here unchanged.
     */
    @Test
    void readsTheJsonTheEvaluatorWrites() throws Exception {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("/evaluator-hand-study-report.json")) {
            lines = ReportTable.render(new ObjectMapper().readTree(in));
        }
        assertEquals("Study hand-study: reference scale ref, 4 distributions, proxies tiny", lines.get(0));
        assertEquals("c4 (text, 2 items)", lines.get(2));
        // r = 0.8 by hand (the evaluator's StudyAnalyzerTest); R^2 = 0.64; the reference is 10,000x the compute
        assertEquals("  tiny            1/10000  0.800 [-1.000, 1.000]  0.800 [-1.000, 1.000]  0.640 [0.182, 1.000]",
                lines.get(4));
        assertEquals("  noise ceiling undefined: the reference has 1 seed(s) with predictions for this suite; a noise"
                + " ceiling needs at least 2", lines.get(5));
        assertEquals("  recommended proxy: none (nothing to compare with: the reference has 1 seed(s) with predictions"
                + " for this suite; a noise ceiling needs at least 2, and the study sets no"
                + " analysis.recommend_min_correlation; no proxy is recommended)", lines.get(6));
        assertEquals("copa (choice, 2 items)", lines.get(8));
    }

    /** The sample report made partial, with a recommendation on heldout. */
    @Test
    void aPartialReportSaysWhatIsMissingAndTheRecommendationIsPrinted() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode report;
        try (InputStream in = getClass().getResourceAsStream("/sample-report.json")) {
            report = (ObjectNode) json.readTree(in);
        }
        report.put("complete", false);
        ArrayNode runs = ((ObjectNode) report.get("compute")).putArray("runs");
        ArrayNode missing = report.putArray("missing_runs");
        for (String scale : List.of("xs", "m", "ref")) {
            for (String d : List.of("code", "fiction", "general")) {
                runs.addObject().put("run_id", scale + "-" + d).put("scale", scale).put("distribution", d);
                if (scale.equals("m") || scale.equals("ref") && d.equals("code")) {
                    missing.addObject().put("run_id", scale + "-" + d).put("scale", scale).put("distribution", d);
                }
            }
        }
        ((ObjectNode) report.get("suites").get(0)).putObject("recommendation").put("criterion", "noise_ceiling")
                .put("target", 0.97).put("scale", "xs").put("compute_ratio", 85.9).put("pearson", 0.9123)
                .put("ci_low", 0.5).put("ci_high", 0.99);
        ArrayNode cuts = ((ObjectNode) report.get("suites").get(0)).putArray("items_cut");
        cuts.addObject().put("scale", "xs").put("context", 64).put("items_cut", 98).put("items", 100);
        cuts.addObject().put("scale", "m").put("context", 64).put("items_cut", 98).put("items", 100);
        cuts.addObject().put("scale", "ref").put("context", 256).put("items_cut", 0).put("items", 100);
        ((ObjectNode) report.get("suites").get(1)).putArray("items_cut").addObject().put("scale", "xs")
                .put("context", 64).put("items_cut", 0).put("items", 50);
        List<String> lines = ReportTable.render(report);
        assertTrue(lines.contains("  items cut to fit the context (text scored on its first context + 1 bytes): 98 of"
                + " 100 at xs, m (context 64)"), String.join("\n", lines));
        assertEquals(1, lines.stream().filter(l -> l.contains("items cut")).count(), "capitals had none cut");
        assertEquals("Study quick-demo: reference scale ref, 3 distributions, proxies xs, m (PARTIAL)", lines.get(0));
        assertEquals("PARTIAL: 5 of 9 runs analysed, missing m 3 of 3, ref 1 of 3; the figures will change as the"
                + " other runs finish.", lines.get(1));
        assertTrue(lines.contains("  recommended proxy: xs, 1/86 of reference compute (Pearson 0.912 [0.500, 0.990]"
                + " reaches the noise ceiling 0.970)"), String.join("\n", lines));
    }

    @Test
    void headlineTableFromTheAnalyzedEvent() {
        StudyAnalyzed analyzed = new StudyAnalyzed("quick-demo", true, List.of(), List.of(
                new StudyAnalyzed.ProxyCorrelation("heldout", "xs", 85.9, 0.91, null, 0.83)), "u", Instant.EPOCH);
        assertEquals(List.of(
                "Study quick-demo (headline from study.analyzed; no confidence intervals)",
                "  suite            proxy           compute   Pearson Spearman      R^2",
                "  heldout          xs                 1/86     0.910      n/a    0.830"), ReportTable.render(analyzed));

        StudyAnalyzed partial = new StudyAnalyzed("quick-demo", false, List.of("r1"), List.of(), "u", Instant.EPOCH,
                24, 23, List.of(new StudyAnalyzed.Recommendation("heldout", "s", 26.0, "threshold", 0.9, null),
                        new StudyAnalyzed.Recommendation("lastword", null, null, "threshold", 0.9, "no proxy reaches it")));
        assertEquals(List.of(
                "Study quick-demo (headline from study.analyzed; no confidence intervals) PARTIAL: 23 of 24 runs analysed",
                "  suite            proxy           compute   Pearson Spearman      R^2",
                "  heldout          recommended proxy: s, 1/26 of reference compute (reaches the threshold 0.900)",
                "  lastword         recommended proxy: none (no proxy reaches it)"), ReportTable.render(partial));
    }
}
