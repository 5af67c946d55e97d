package org.smalltolarge.evaluator.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.smalltolarge.charts.Html;
import org.smalltolarge.evaluator.analysis.ComputeLedger;
import org.smalltolarge.evaluator.analysis.ProxyRecommendation;
import org.smalltolarge.evaluator.analysis.StudyAnalysis;
import org.smalltolarge.evaluator.analysis.SuiteAnalysis;

/**
 * Renders a {@link StudyAnalysis} as one self-contained HTML page: inline CSS and inline SVG plots, no script,
 * no external resource. Plots: an R^2 overview, then per test set the correlation against compute, the loss
 * scatter per distribution, the per-example histograms, and (for suites with right answers) accuracy against
 * chance; each with a table of its numbers.
 */
public final class ReportRenderer {
    private ReportRenderer() {
    }

    public static String html(StudyAnalysis a) {
        StringBuilder h = new StringBuilder(64 * 1024);
        Html.openPage(h, a.studyId() + " \u2014 small-to-large analysis");
        header(h, a);
        partial(h, a);
        int[] ids = {0};
        h.append("<div class=\"figures\">")
                .append(OverviewFigure.render(a, "p" + ids[0]++))
                .append("</div>");
        recommendations(h, a);
        status(h, a);
        ledger(h, a.compute());
        for (SuiteAnalysis s : a.suites()) {
            suite(h, s, a.distributions(), ids);
        }
        methods(h, a);
        Html.closePage(h, "Report of study " + Html.esc(a.studyId()));
        return h.toString();
    }

    private static void header(StringBuilder h, StudyAnalysis a) {
        h.append("<header class=\"page\"><h1>Small-to-large analysis: ").append(Html.esc(a.studyId()))
                .append(a.complete() ? "<span class=\"badge ok\">complete</span>"
                        : "<span class=\"badge partial\">partial</span>")
                .append("</h1><p class=\"sub\">Do proxies trained on each data distribution predict the reference"
                        + " model? Reference scale <strong>").append(Html.esc(a.referenceScale()))
                .append("</strong>, ").append(a.distributions().size()).append(" distributions, ")
                .append(a.proxyScales().size()).append(" proxy scales, ").append(a.suites().size())
                .append(" test sets.</p></header><div class=\"cards\">");
        card(h, "Distributions", Html.esc(String.valueOf(a.distributions().size())),
                String.join(", ", a.distributions()));
        card(h, "Proxy scales", Html.esc(String.valueOf(a.proxyScales().size())), String.join(", ", a.proxyScales()));
        card(h, "Planned runs", Html.esc(String.valueOf(a.compute().runs().size())),
                a.missingRuns().size() + " without predictions");
        card(h, "Total training compute", Html.flops(a.compute().totalFlops()) + " FLOPs",
                "6 \u00d7 parameters \u00d7 tokens");
        h.append("</div>");
    }

    /** @param bigHtml already escaped */
    private static void card(StringBuilder h, String label, String bigHtml, String detail) {
        h.append("<div class=\"card\"><div class=\"label\">").append(Html.esc(label)).append("</div><div class=\"big\">")
                .append(bigHtml).append("</div><div class=\"label\">").append(Html.esc(detail))
                .append("</div></div>");
    }

    /**
     * While runs are missing, the page says so first: how many runs it covers and which (scale, distribution)
     * groups are short, since every figure below will still change.
     */
    private static void partial(StringBuilder h, StudyAnalysis a) {
        if (a.missingRuns().isEmpty()) {
            return;
        }
        int planned = a.compute().runs().size();
        h.append("<section class=\"panel\" id=\"partial\"><h3><span class=\"badge partial\">partial</span> ")
                .append(planned - a.missingRuns().size()).append(" of ").append(planned)
                .append(" runs analysed</h3><p>This analysis covers the runs evaluated so far and is updated as the"
                        + " others finish; the figures and recommendations below will change. Missing: ")
                .append(Html.esc(missingByScale(a))).append(".</p></section>");
    }

    /** "xs 3 of 6 (code, fiction, manuals), ref 1 of 6 (code)": missing runs per scale, scales in ledger order. */
    static String missingByScale(StudyAnalysis a) {
        Map<String, List<String>> byScale = new LinkedHashMap<>();
        a.compute().scales().forEach(s -> byScale.put(s.scale(), new ArrayList<>()));
        a.missingRuns().forEach(m -> byScale.computeIfAbsent(m.scale(), k -> new ArrayList<>())
                .add(m.distribution() + (a.compute().runs().stream().filter(r -> r.scale().equals(m.scale())
                        && r.distribution().equals(m.distribution())).count() > 1 ? " seed " + m.seed() : "")));
        List<String> parts = new ArrayList<>();
        byScale.forEach((scale, missing) -> {
            if (!missing.isEmpty()) {
                long planned = a.compute().runs().stream().filter(r -> r.scale().equals(scale)).count();
                // a long list helps nobody: past a dozen, the count says enough
                parts.add(scale + " " + missing.size() + " of " + planned
                        + (missing.size() <= 12 ? " (" + String.join(", ", missing) + ")" : ""));
            }
        });
        return String.join("; ", parts);
    }

    /** Per test set, the cheapest proxy that is good enough and the compute it saves, or why there is none. */
    private static void recommendations(StringBuilder h, StudyAnalysis a) {
        if (a.suites().isEmpty()) {
            return;
        }
        h.append("<h2 id=\"recommendation\">Recommended proxy size</h2><p class=\"sub\">The cheapest proxy scale"
                + " whose Pearson r with the reference reaches the target within its ")
                .append(Html.num(a.settings().confidenceLevel() * 100, 0))
                .append("% interval; the target is ")
                .append(a.settings().recommendMinCorrelation() == null
                        ? "the reference's seed-to-seed noise ceiling (the study sets no threshold)"
                        : "the study's threshold r = " + Html.num(a.settings().recommendMinCorrelation(), 3))
                .append(".</p><table><thead><tr><th>Test set</th><th>Target</th><th>Recommended proxy</th>"
                        + "<th>Pearson r [CI]</th><th>Training FLOPs per run</th><th>Compute saved (reference /"
                        + " proxy)</th></tr></thead><tbody>");
        for (SuiteAnalysis s : a.suites()) {
            ProxyRecommendation r = s.recommendation();
            h.append("<tr><td><a href=\"#suite-").append(Html.slug(s.suite())).append("\">").append(Html.esc(s.suite()))
                    .append("</a></td><td>").append(r == null || r.target() == null ? "&#8211;"
                            : Html.esc(target(r))).append("</td>");
            if (r == null || r.scale() == null) {
                h.append("<td colspan=\"4\">").append(Html.undefined(r == null ? "not computed" : r.reason()))
                        .append("</td></tr>");
                continue;
            }
            h.append("<td><strong>").append(Html.esc(r.scale())).append("</strong></td><td>")
                    .append(Html.num(r.pearson(), 3)).append(r.ciLow() == null ? ""
                            : " <span class=\"ci\">[" + Html.num(r.ciLow(), 3) + ", " + Html.num(r.ciHigh(), 3)
                                    + "]</span>")
                    .append("</td><td class=\"num\">").append(Html.flops(r.proxyFlops()))
                    .append("</td><td class=\"num\">").append(Html.ratio(r.computeRatio())).append(" (")
                    .append(ComputeAxis.share(r.computeRatio())).append(")</td></tr>");
        }
        h.append("</tbody></table>");
    }

    /**
     * "Cut to fit the models' window: 98 of 100 items at xs, s (context 64); ...", scales with the same figures
     * together; "No item was cut ..." when none was; null when the predictions do not record it.
     */
    static String itemsCut(SuiteAnalysis s) {
        Map<String, List<String>> groups = new LinkedHashMap<>(); // "98 of 100 items" + context -> scales
        boolean anyCut = false;
        for (SuiteAnalysis.ItemsCut c : s.itemsCut()) {
            if (c.itemsCut() == null) {
                continue;
            }
            anyCut |= c.itemsCut() > 0;
            String key = c.itemsCut() + " of " + c.items() + " items" + "\u0000"
                    + (c.context() == null ? "" : " (context " + c.context() + ")");
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(c.scale());
        }
        if (groups.isEmpty()) {
            return null;
        }
        if (!anyCut) {
            return "No item was cut: every item fits the window of every scale's models.";
        }
        List<String> parts = new ArrayList<>();
        groups.forEach((key, scales) -> {
            String[] k = key.split("\u0000", -1);
            parts.add(k[0] + " at " + String.join(", ", scales) + k[1]);
        });
        return "Cut to fit the models' window (context + 1 tokens): " + String.join("; ", parts) + ". A cut text is"
                + " scored on its first context + 1 bytes only; a cut cloze or choice item loses context from the left.";
    }

    static String target(ProxyRecommendation r) {
        return (ProxyRecommendation.NOISE_CEILING.equals(r.criterion()) ? "noise ceiling r = " : "threshold r = ")
                + Html.num(r.target(), 3);
    }

    private static void status(StringBuilder h, StudyAnalysis a) {
        if (a.missingRuns().isEmpty() && a.problems().isEmpty()) {
            return;
        }
        h.append("<section class=\"panel\"><h3>Completeness and problems</h3>");
        if (!a.missingRuns().isEmpty()) {
            h.append("<p>").append(a.missingRuns().size()).append(" planned run(s) have no predictions yet; the"
                    + " figures below use what exists.</p><table><thead><tr><th>Run</th><th>Distribution</th>"
                    + "<th>Scale</th><th>Seed</th><th>Role</th></tr></thead><tbody>");
            for (StudyAnalysis.MissingRun m : a.missingRuns()) {
                h.append("<tr><td>").append(Html.esc(m.runId())).append("</td><td>").append(Html.esc(m.distribution()))
                        .append("</td><td>").append(Html.esc(m.scale())).append("</td><td class=\"num\">")
                        .append(m.seed()).append("</td><td>").append(Html.esc(m.role())).append("</td></tr>");
            }
            h.append("</tbody></table>");
        }
        problems(h, a.problems());
        h.append("</section>");
    }

    private static void problems(StringBuilder h, List<String> problems) {
        if (!problems.isEmpty()) {
            h.append("<ul class=\"problems\">");
            problems.forEach(p -> h.append("<li>").append(Html.esc(p)).append("</li>"));
            h.append("</ul>");
        }
    }

    private static void ledger(StringBuilder h, ComputeLedger ledger) {
        h.append("<h2 id=\"compute\">Compute ledger</h2><table><thead><tr><th>Scale</th><th>Role</th>"
                + "<th>Parameters</th><th>Tokens</th><th>FLOPs per run</th><th>Runs</th><th>FLOPs in all</th>"
                + "<th>Share of reference compute</th></tr></thead><tbody>");
        for (ComputeLedger.ScaleCompute s : ledger.scales()) {
            h.append("<tr><td>").append(Html.esc(s.scale())).append("</td><td>").append(Html.esc(s.role()))
                    .append("</td><td class=\"num\">").append(Html.count(s.parameters())).append("</td><td class=\"num\">")
                    .append(Html.count(s.tokens())).append("</td><td class=\"num\">").append(Html.flops(s.flopsPerRun()))
                    .append("</td><td class=\"num\">").append(s.runs()).append("</td><td class=\"num\">")
                    .append(Html.flops(s.totalFlops())).append("</td><td class=\"num\">")
                    .append(ComputeAxis.fraction(s.computeRatio())).append("</td></tr>");
        }
        h.append("</tbody></table><details><summary>Every run</summary><table><thead><tr><th>Run</th>"
                + "<th>Distribution</th><th>Scale</th><th>Seed</th><th>FLOPs</th><th>Predictions</th></tr></thead><tbody>");
        for (ComputeLedger.RunCompute r : ledger.runs()) {
            h.append("<tr><td>").append(Html.esc(r.runId())).append("</td><td>").append(Html.esc(r.distribution()))
                    .append("</td><td>").append(Html.esc(r.scale())).append("</td><td class=\"num\">").append(r.seed())
                    .append("</td><td class=\"num\">").append(Html.flops(r.flops())).append("</td><td>")
                    .append(r.hasPredictions() ? "yes" : "<span class=\"undef\">missing</span>").append("</td></tr>");
        }
        h.append("</tbody></table></details>");
    }

    private static void suite(StringBuilder h, SuiteAnalysis s, List<String> distributions, int[] ids) {
        h.append("<h2 id=\"suite-").append(Html.slug(s.suite())).append("\">Test set: ").append(Html.esc(s.suite()))
                .append("<span class=\"badge kind\">").append(Html.esc(s.kind())).append("</span></h2><p class=\"sub\">")
                .append(s.items()).append(" examples \u00b7 content hash <code>").append(Html.esc(s.contentHash()))
                .append("</code>");
        if (s.chance() != null) {
            h.append(" \u00b7 chance ").append(Html.num(s.chance(), 3));
        }
        h.append("</p>");
        problems(h, s.problems());
        String cut = itemsCut(s);
        if (cut != null) {
            h.append("<p class=\"itemscut\">").append(Html.esc(cut)).append("</p>");
        }
        ProxyRecommendation r = s.recommendation();
        if (r != null) {
            h.append("<p class=\"recommendation\">Recommended proxy: ").append(r.scale() == null
                    ? Html.undefined(r.reason())
                    : "<strong>" + Html.esc(r.scale()) + "</strong>, " + Html.esc(ComputeAxis.share(r.computeRatio()))
                            + " (Pearson r " + Html.num(r.pearson(), 3) + "; " + Html.esc(target(r)) + ")")
                    .append("</p>");
        }
        h.append("<div class=\"figures\">")
                .append(CorrelationFigure.render(s, "p" + ids[0]++))
                .append(LossScatterFigure.render(s, distributions, "p" + ids[0]++))
                .append(HistogramFigure.render(s, "p" + ids[0]++));
        if (s.accuracy() != null) {
            h.append(AccuracyFigure.render(s, distributions, "p" + ids[0]++));
        }
        h.append("</div>");
    }

    private static void methods(StringBuilder h, StudyAnalysis a) {
        h.append("<h2 id=\"methods\">Methods</h2><ol class=\"methods\">");
        a.methods().forEach(m -> h.append("<li>").append(Html.esc(m)).append("</li>"));
        h.append("</ol>");
    }
}
