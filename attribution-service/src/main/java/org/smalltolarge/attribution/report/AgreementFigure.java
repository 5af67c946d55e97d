package org.smalltolarge.attribution.report;

import java.util.List;
import org.smalltolarge.attribution.report.AttributionReport.ScaleReport;
import org.smalltolarge.charts.Axis;
import org.smalltolarge.charts.Figure;
import org.smalltolarge.charts.HistogramPlot;
import org.smalltolarge.charts.Html;
import org.smalltolarge.charts.Palette;
import org.smalltolarge.charts.PlotArea;
import org.smalltolarge.charts.Svg;
import org.smalltolarge.stats.Histogram;
import org.smalltolarge.stats.Quantiles;

/**
 * Figure 3: how each proxy's scores agree with the reference's, target by target: a histogram of the Spearman
 * correlation of the two score vectors and one of the overlap of their top 1% documents; a row of two panels per
 * proxy scale.
 */
final class AgreementFigure {
    static final String PLOT = "agreement-histograms";
    static final int SPEARMAN_BINS = 20;
    static final int OVERLAP_BINS = 10;

    private AgreementFigure() {
    }

    static String render(AttributionReport r, String id) {
        List<ScaleReport> proxies = r.scales().stream().filter(ScaleReport::hasAgreement).toList();
        int rows = Math.max(1, proxies.size());
        Svg svg = new Svg(2 * Figure.PANEL_WIDTH, rows * Figure.PANEL_HEIGHT, PLOT, null, id,
                "Agreement of each proxy's scores with the reference's, per target",
                "For each proxy scale, a histogram over targets of the Spearman correlation between the proxy's and"
                        + " the reference's scores of the pool, and one of the overlap of their top 1% documents;"
                        + " medians marked.");
        if (proxies.isEmpty()) {
            svg.text(20, 40, "no proxy scale: only the reference computed scores", "start", "note");
        }
        for (int p = 0; p < proxies.size(); p++) {
            ScaleReport s = proxies.get(p);
            double oy = p * Figure.PANEL_HEIGHT;
            spearmanPanel(svg, s, new PlotArea(66, oy + 36, 280, 196));
            overlapPanel(svg, s, new PlotArea(Figure.PANEL_WIDTH + 66, oy + 36, 280, 196));
        }
        String caption = "Per target, the Spearman correlation over the pool between a proxy's scores and the"
                + " reference's, and the share of the reference's top documents (1% of the pool, at least one) that"
                + " are also among the proxy's. Mass near 1 means the proxy credits the same training documents."
                + " The dashed lines are medians.";
        return Figure.wrap("Agreement with the reference's scores", svg.end(), caption, table(proxies));
    }

    private static void spearmanPanel(Svg svg, ScaleReport s, PlotArea area) {
        double[] rho = Cells.defined(s.spearmanWithReference());
        Double median = median(rho);
        svg.text(area.left() - 50, area.top() - 16, s.scale() + " \u00b7 Spearman with reference \u00b7 n = "
                + rho.length, "start", "paneltitle");
        Axis x = Axis.fixed(-1, 1, 0.5, 1);
        HistogramPlot.draw(svg, area, histogram(rho, -1, 1, SPEARMAN_BINS), x, "Spearman \u03c1 with the reference",
                "targets", Palette.SPEARMAN, "target(s)");
        HistogramPlot.markMedian(svg, area, x, median, "no defined correlation");
    }

    private static void overlapPanel(Svg svg, ScaleReport s, PlotArea area) {
        double[] overlap = Cells.defined(s.topOverlapWithReference());
        svg.text(area.left() - 50, area.top() - 16, s.scale() + " \u00b7 top-" + Cells.text(s.topCount())
                + " overlap \u00b7 n = " + overlap.length, "start", "paneltitle");
        Axis x = Axis.fixed(0, 1, 0.25, 2);
        HistogramPlot.draw(svg, area, histogram(overlap, 0, 1, OVERLAP_BINS), x,
                "share of the reference's top documents", "targets", Palette.PEARSON, "target(s)");
        HistogramPlot.markMedian(svg, area, x, median(overlap), "no overlap in the report");
    }

    /** Values a hair outside the range (rounding in a correlation) count in the end bins rather than fail. */
    private static Histogram histogram(double[] values, double low, double high, int bins) {
        double[] clamped = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            clamped[i] = Math.max(low, Math.min(high, values[i]));
        }
        return Histogram.of(clamped, low, high, bins);
    }

    private static Double median(double[] values) {
        return values.length == 0 ? null : Quantiles.median(values);
    }

    private static Double mean(double[] values) {
        return values.length == 0 ? null : java.util.Arrays.stream(values).average().orElseThrow();
    }

    private static String table(List<ScaleReport> proxies) {
        StringBuilder t = new StringBuilder("<table><thead><tr><th>Proxy scale</th><th>Targets</th>"
                + "<th>Defined Spearman</th><th>Median Spearman</th><th>Mean Spearman</th><th>Top documents"
                + " compared</th><th>Median top overlap</th><th>Mean top overlap</th></tr></thead><tbody>");
        for (ScaleReport s : proxies) {
            double[] rho = Cells.defined(s.spearmanWithReference());
            double[] overlap = Cells.defined(s.topOverlapWithReference());
            String none = Html.undefined("no target with a defined correlation");
            t.append("<tr><td>").append(Html.esc(s.scale())).append("</td><td class=\"num\">")
                    .append(s.spearmanWithReference().size()).append("</td><td class=\"num\">").append(rho.length)
                    .append("</td><td class=\"num\">").append(rho.length == 0 ? none : Html.num(median(rho), 3))
                    .append("</td><td class=\"num\">").append(rho.length == 0 ? none : Html.num(mean(rho), 3))
                    .append("</td><td class=\"num\">").append(s.topCount() == null ? "&#8211;" : s.topCount())
                    .append("</td><td class=\"num\">").append(Cells.num(median(overlap), 3))
                    .append("</td><td class=\"num\">").append(Cells.num(mean(overlap), 3)).append("</td></tr>");
        }
        t.append("</tbody></table>");
        if (!proxies.isEmpty()) {
            t.append("<details><summary>Bin counts</summary><table><thead><tr><th>Bin of Spearman \u03c1</th>");
            proxies.forEach(s -> t.append("<th>").append(Html.esc(s.scale())).append("</th>"));
            t.append("</tr></thead><tbody>");
            binRows(t, proxies, true, -1, 1, SPEARMAN_BINS);
            t.append("</tbody></table><table><thead><tr><th>Bin of top overlap</th>");
            proxies.forEach(s -> t.append("<th>").append(Html.esc(s.scale())).append("</th>"));
            t.append("</tr></thead><tbody>");
            binRows(t, proxies, false, 0, 1, OVERLAP_BINS);
            t.append("</tbody></table></details>");
        }
        return t.toString();
    }

    private static void binRows(StringBuilder t, List<ScaleReport> proxies, boolean spearman, double low, double high,
                                int bins) {
        List<Histogram> hs = proxies.stream().map(s -> histogram(Cells.defined(spearman ? s.spearmanWithReference()
                : s.topOverlapWithReference()), low, high, bins)).toList();
        Histogram first = hs.get(0);
        for (int i = 0; i < bins; i++) {
            t.append("<tr><td>[").append(Html.num(first.edges().get(i), 2)).append(", ")
                    .append(Html.num(first.edges().get(i + 1), 2)).append(i == bins - 1 ? "]" : ")").append("</td>");
            for (Histogram h : hs) {
                t.append("<td class=\"num\">").append(h.counts().get(i)).append("</td>");
            }
            t.append("</tr>");
        }
    }
}
