package org.smalltolarge.attribution.report;

import java.util.List;
import org.smalltolarge.attribution.report.AttributionReport.ScaleReport;
import org.smalltolarge.attribution.report.AttributionReport.Settings;
import org.smalltolarge.charts.Html;

/**
 * Renders an attribution's report as one self-contained HTML page, like the evaluator's study report (inline CSS
 * and SVG from the shared charts module, no script, no external resource): a header, LDS against compute per model,
 * LDS against ensemble size, histograms of each proxy's agreement with the reference, every figure with a table of
 * its numbers, the per-target values, and the methods.
 */
public final class AttributionReportRenderer {
    private AttributionReportRenderer() {
    }

    /**
     * @param status the attribution's status as stored ("completed", ...); null when unknown
     */
    public static String html(AttributionReport r, String status) {
        String id = Cells.text(r.attributionId());
        StringBuilder h = new StringBuilder(64 * 1024);
        Html.openPage(h, id + " \u2014 small-to-large attribution");
        header(h, r, status);
        h.append("<h2 id=\"figures\">Attribution quality against compute</h2><div class=\"figures\">")
                .append(LdsComputeFigure.render(r, "p0"))
                .append(EnsembleSizeFigure.render(r, "p1"))
                .append(AgreementFigure.render(r, "p2"))
                .append("</div>");
        perTarget(h, r);
        methods(h, r);
        Html.closePage(h, "Report of attribution " + Html.esc(id));
        return h.toString();
    }

    private static void header(StringBuilder h, AttributionReport r, String status) {
        Settings s = r.settings();
        h.append("<header class=\"page\"><h1>Attribution report: ").append(Html.esc(Cells.text(r.attributionId())))
                .append("<span class=\"badge ").append("completed".equals(status) ? "ok" : "partial").append("\">")
                .append(Html.esc(status == null ? "status unknown" : status)).append("</span></h1>")
                .append("<p class=\"sub\">How much attribution quality is lost as the proxy shrinks: TRAK scores of")
                .append(" the pool's training documents for each target, computed at every scale and checked by the")
                .append(" linear datamodeling score (LDS). Reference scale <strong>")
                .append(Html.esc(Cells.text(s.reference()))).append("</strong>; models trained by study <code>")
                .append(Html.esc(Cells.text(r.studyId()))).append("</code>.</p></header><div class=\"cards\">");
        card(h, "Pool size", r.poolSize() == null ? "&#8211;" : String.valueOf(r.poolSize()),
                "training documents" + (r.windowsPerDocument() == null ? ""
                        : ", up to " + r.windowsPerDocument() + " windows each"));
        card(h, "Targets", String.valueOf(r.targets().size()), "items of suite " + Cells.text(s.targetSuite()));
        card(h, "Scales", String.valueOf(r.scales().size()),
                String.join(", ", r.scales().stream().map(ScaleReport::scale).map(Cells::text).toList()));
        card(h, "Models per scale", s.ensemble() == null ? "&#8211;" : s.ensemble() + " + "
                + Cells.text(s.ldsSubsets()), "ensemble + LDS subset models");
        card(h, "Compute time", r.computeSeconds() == null ? "&#8211;" : Html.num(r.computeSeconds(), 0) + " s",
                "features, scores and LDS (training not included)");
        h.append("</div>");
    }

    /** @param bigHtml already escaped */
    private static void card(StringBuilder h, String label, String bigHtml, String detail) {
        h.append("<div class=\"card\"><div class=\"label\">").append(Html.esc(label))
                .append("</div><div class=\"big\">").append(bigHtml).append("</div><div class=\"label\">")
                .append(Html.esc(detail)).append("</div></div>");
    }

    /** Every target's LDS per scale and, per proxy, its agreement with the reference; collapsed. */
    private static void perTarget(StringBuilder h, AttributionReport r) {
        List<ScaleReport> scales = r.scales();
        List<ScaleReport> proxies = scales.stream().filter(ScaleReport::hasAgreement).toList();
        h.append("<h2 id=\"targets\">Per target</h2><p class=\"sub\">A target's LDS is undefined when its predicted or")
                .append(" measured outputs do not vary over the subset models; the means above leave it out.</p>")
                .append("<details><summary>LDS and agreement of every target</summary><table><thead><tr>")
                .append("<th>#</th><th>Target</th>");
        scales.forEach(s -> h.append("<th>LDS ").append(Html.esc(s.scale())).append("</th>"));
        proxies.forEach(s -> h.append("<th>\u03c1 ").append(Html.esc(s.scale())).append("</th><th>overlap ")
                .append(Html.esc(s.scale())).append("</th>"));
        h.append("</tr></thead><tbody>");
        int rows = r.targets().size();
        for (ScaleReport s : scales) {
            rows = Math.max(rows, s.ldsPerTarget().size());
        }
        for (int j = 0; j < rows; j++) {
            h.append("<tr><td class=\"num\">").append(j).append("</td><td>")
                    .append(j < r.targets().size() ? Html.esc(r.targets().get(j)) : "&#8211;").append("</td>");
            for (ScaleReport s : scales) {
                h.append(cell(s.ldsPerTarget(), j, "constant outputs or predictions"));
            }
            for (ScaleReport s : proxies) {
                h.append(cell(s.spearmanWithReference(), j, "constant scores"))
                        .append(cell(s.topOverlapWithReference(), j, "not computed"));
            }
            h.append("</tr>");
        }
        h.append("</tbody></table></details>");
    }

    private static String cell(List<Double> values, int j, String reason) {
        if (j >= values.size()) {
            return "<td>&#8211;</td>";
        }
        Double v = Cells.finite(values.get(j));
        return v == null ? "<td>" + Html.undefined(reason) + "</td>" : "<td class=\"num\">" + Html.num(v, 3) + "</td>";
    }

    private static void methods(StringBuilder h, AttributionReport r) {
        Settings s = r.settings();
        String k = Cells.text(s.projectionK());
        h.append("<h2 id=\"methods\">Methods</h2><ol class=\"methods\">")
                .append("<li>Pool and targets: ").append(r.poolSize() == null ? "the" : String.valueOf(r.poolSize()))
                .append(" training documents of corpus <code>").append(Html.esc(Cells.text(s.corpus())))
                .append("</code>, each represented by up to ").append(Html.esc(Cells.text(r.windowsPerDocument())))
                .append(" windows spread over it; ").append(r.targets().size()).append(" targets, the first items of")
                .append(" suite <code>").append(Html.esc(Cells.text(s.targetSuite()))).append("</code>, whose")
                .append(" correct answer's tokens are scored (output: ").append(Html.esc(Cells.text(s.output())))
                .append(").</li>")
                .append("<li>TRAK (Park et al., 2023): per scale, an ensemble of ")
                .append(Html.esc(Cells.text(s.ensemble()))).append(" models, each trained on its own random half of")
                .append(" the pool. On each model, the gradients of the output are projected to k = ")
                .append(Html.esc(k)).append(" dimensions (").append(Html.esc(Cells.text(s.projectionKind())))
                .append(" projection, seed ").append(Html.esc(Cells.text(s.projectionSeed())))
                .append("): features &#934; of the pool's documents and &#936; of the targets. Scores")
                .append(" &#964; = mean<sub>m</sub>(&#936;<sub>m</sub> (&#934;<sub>m</sub><sup>T</sup>")
                .append("&#934;<sub>m</sub>")
                .append(" + &#955;I)<sup>&#8722;1</sup> &#934;<sub>m</sub><sup>T</sup>) diag(mean<sub>m</sub>")
                .append(" Q<sub>m</sub>) with ridge &#955; = ")
                .append(s.ridgeLambda() == null ? "unknown" : Html.esc(String.valueOf(s.ridgeLambda())))
                .append(", in double precision.</li>");
        if (r.hasLdsBank()) {
            h.append("<li>LDS (linear datamodeling score): ").append(Html.esc(Cells.text(s.ldsSubsets())))
                    .append(" further models per scale, each trained on a random half of the pool (the same halves")
                    .append(" at every scale, seed ").append(Html.esc(Cells.text(s.ldsSeed())))
                    .append("). Per target, the Spearman correlation, over these subset models, between the sum of")
                    .append(" the target's scores over each subset's documents and the output that subset's model")
                    .append(" actually gives on the target; LDS is its mean over the targets where it is defined.")
                    .append(" The 95% interval is a percentile bootstrap that draws both subset models and targets")
                    .append(" again; \"significant\" is the share of targets whose correlation is positive and")
                    .append(" significant at 5% (Fisher z for Spearman). Against the reference's subset models it")
                    .append(" says how well a scale's scores explain the reference; against its own, how well they")
                    .append(" explain that scale.</li>")
                    .append("<li>Ensemble size: the same LDS with the scores averaged over the first 1, 2, 5, 10,")
                    .append(" ... models of the ensemble.</li>");
        } else {
            h.append("<li>LDS: not measured. This request asked for scores only (no LDS bank, lds.subsets = 0), so")
                    .append(" no subset models were trained and the LDS figures are empty.</li>");
        }
        h.append("<li>Agreement with the reference: per target, the Spearman correlation of a proxy's and the")
                .append(" reference's scores over the pool, and the share of the reference's top 1% documents (at")
                .append(" least one) that are also in the proxy's top 1%.</li></ol>");
    }
}
