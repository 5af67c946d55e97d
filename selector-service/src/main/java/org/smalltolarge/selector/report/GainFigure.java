package org.smalltolarge.selector.report;

import java.util.ArrayList;
import java.util.List;
import org.smalltolarge.charts.Axis;
import org.smalltolarge.charts.Figure;
import org.smalltolarge.charts.Html;
import org.smalltolarge.charts.Palette;
import org.smalltolarge.charts.PlotArea;
import org.smalltolarge.charts.PointSeries;
import org.smalltolarge.charts.Svg;
import org.smalltolarge.selector.report.SelectionReport.Gain;
import org.smalltolarge.selector.report.SelectionReport.Row;
import org.smalltolarge.selector.report.SelectionReport.ScaleSize;

/**
 * Figure 1, as the paper plots it: each DsDm selection's gain over random (mean over holdout items, 95% bootstrap
 * interval as bars) against the training compute of one model of the proxy scale whose TRAK scores chose it (log x),
 * for the best end (DsDm) and the worst end; DSIR's and the classifier's gains, which need no proxy, and zero (as
 * good as random) as horizontal lines. A report without the scales' compute places them in the request's order.
 */
final class GainFigure {
    static final String PLOT = "gain-vs-proxy-compute";
    /** The methods drawn as series against the proxy scale, and those drawn as horizontal lines. */
    static final List<String> SERIES = List.of("dsdm", "dsdm_worst");
    static final List<String> LINES = List.of("dsir", "classifier");

    private GainFigure() {
    }

    static String render(SelectionReport r, String id) {
        PlotArea area = new PlotArea(70, 46, 430, 270);
        boolean compute = r.knowsProxyCompute();
        Svg svg = new Svg(760, 370, PLOT, r.suite(), id, "Gain over random against the proxy's training compute",
                "One point per DsDm selection; x is the training compute of one model of the proxy scale whose"
                        + " scores chose it" + (compute ? " (log scale)" : " (here: the scales in the request's order)")
                        + "; y is the gain over the random selections' holdout loss with its 95% bootstrap interval."
                        + " Horizontal lines: DSIR, the quality classifier, and zero (random).");
        svg.text(area.left(), 24, "Gain over random against proxy compute", "start", "plottitle");
        List<ScaleSize> scales = r.proxyScales();
        List<String> series = SERIES.stream().filter(m -> r.selections().stream()
                .anyMatch(s -> m.equals(s.method()))).toList();
        List<Row> lines = LINES.stream().map(m -> r.find(m, null)).filter(s -> s != null).toList();

        double lo = 0;
        double hi = 0;
        int undefined = 0;
        for (Row s : r.selections()) {
            if (!series.contains(s.method()) && !lines.contains(s)) {
                continue;
            }
            Gain g = s.gain();
            if (g == null || g.mean() == null) {
                undefined++;
                continue;
            }
            lo = Math.min(lo, g.hasInterval() ? Math.min(g.low(), g.mean()) : g.mean());
            hi = Math.max(hi, g.hasInterval() ? Math.max(g.high(), g.mean()) : g.mean());
        }
        if (scales.isEmpty()) {
            svg.text(area.left(), 80, "no proxy scale in this report: the request did not use DsDm", "start", "note");
            return finish(r, svg, compute);
        }
        double[] xs = new double[scales.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = compute ? scales.get(i).flopsPerModel() : i + 1;
        }
        Axis x = compute
                ? Axis.log10(min(xs), max(xs), Html::flopsText)
                : Axis.fixed(0, scales.size() + 1, 1, 0);
        Axis y = Axis.linear(lo, hi, 5);
        area.drawAxes(svg, x, y, compute ? "training FLOPs per proxy model (log scale)"
                : "proxy scale, in the request's order", "gain over random (holdout loss)");
        double zero = area.y(y, 0);
        svg.line(area.left(), zero, area.right(), zero, "identity");
        for (Row s : lines) {
            if (s.gain() != null && s.gain().mean() != null) {
                double py = area.y(y, s.gain().mean());
                svg.coloredLine(area.left(), py, area.right(), py, "chance", Cells.color(s.method()));
            }
        }
        for (int i = 0; i < xs.length; i++) { // scale names along the top
            svg.text(area.x(x, xs[i]), area.top() - 6, Cells.text(scales.get(i).name()), "middle", "note");
        }
        int drawn = 0;
        for (int k = 0; k < series.size(); k++) {
            String method = series.get(k);
            List<PointSeries.Point> pts = new ArrayList<>();
            for (int i = 0; i < xs.length; i++) {
                Row s = r.find(method, scales.get(i).name());
                if (s == null || s.gain() == null || s.gain().mean() == null) {
                    continue;
                }
                Gain g = s.gain();
                pts.add(new PointSeries.Point(xs[i], g.mean(), g.hasInterval() ? g.low() : null,
                        g.hasInterval() ? g.high() : null, s.name() + ": gain " + Cells.signed(g.mean())
                        + (g.hasInterval() ? " [" + Cells.signed(g.low()) + ", " + Cells.signed(g.high()) + "]" : "")
                        + (compute ? " at " + Html.flopsText(xs[i]) + " FLOPs per proxy model" : "")));
            }
            drawn += pts.size();
            PointSeries.draw(svg, area, x, y, pts, series.size() == 1 ? 0 : (k - 0.5) * 8, Cells.shape(method), 4.5,
                    Cells.color(method));
        }
        if (drawn == 0) {
            svg.text(area.left() + area.width() / 2, area.top() + area.height() / 2, series.isEmpty()
                    ? "no DsDm selections: the request did not ask for DsDm" : r.randomSelections().isEmpty()
                    ? "no gains: " + Cells.NO_GAIN : "no DsDm selection with a gain", "middle", "note");
        }
        legend(svg, area, series, lines, undefined);
        return finish(r, svg, compute);
    }

    private static void legend(Svg svg, PlotArea area, List<String> series, List<Row> lines, int undefined) {
        double lx = area.right() + 26;
        double ly = area.top() + 10;
        for (String method : series) {
            svg.marker(Cells.shape(method), lx, ly - 4, 4.5, Cells.color(method), null);
            svg.text(lx + 12, ly, Cells.methodName(method), "start", "legend");
            ly += 20;
        }
        for (Row s : lines) {
            svg.coloredLine(lx - 8, ly - 4, lx + 8, ly - 4, "chance", Cells.color(s.method()));
            svg.text(lx + 12, ly, Cells.methodName(s.method()) + " " + (s.gain() == null || s.gain().mean() == null
                    ? "(no gain)" : Cells.signed(s.gain().mean())), "start", "legend");
            ly += 20;
        }
        svg.line(lx - 8, ly - 4, lx + 8, ly - 4, "identity");
        svg.text(lx + 12, ly, "random (zero gain)", "start", "legend");
        svg.text(lx - 6, ly + 22, "bars: 95% bootstrap CI", "start", "note");
        svg.text(lx - 6, ly + 36, "above zero: lower loss than random", "start", "note");
        if (undefined > 0) {
            svg.text(lx - 6, ly + 54, undefined + " gain(s) undefined, see the table", "start", "note");
        }
    }

    private static String finish(SelectionReport r, Svg svg, boolean compute) {
        String caption = "Each point is one DsDm selection: the "
                + (r.selectionSize() == null ? "" : r.selectionSize() + " ") + "pool documents whose TRAK score, computed with that proxy scale and averaged over the target"
                + " items, is highest (DsDm) or lowest (worst end). Its gain is how much lower the reference&#39;s"
                + " holdout loss is after training on it than after training on the random selections. "
                + (compute ? "x is the training compute of one proxy model, 6 &#215; parameters &#215; tokens."
                : "This report does not hold the scales&#39; compute, so x is their order in the request.")
                + " The dashed lines are DSIR&#39;s and the classifier&#39;s gains, which use no proxy.";
        return Figure.wrap("Gain over random against proxy compute", svg.end(), caption, table(r) + baselines(r));
    }

    private static String table(SelectionReport r) {
        Double refFlops = r.reference() == null ? null : r.reference().flopsPerModel();
        Integer ensemble = r.settings().dsdmEnsemble();
        StringBuilder t = new StringBuilder("<table><thead><tr><th>Proxy scale</th><th>Parameters</th>"
                + "<th>Tokens</th><th>FLOPs per model</th><th>Training FLOPs of its scores (" + (ensemble == null
                ? "the ensemble" : ensemble + " models") + ")</th><th>Compute ratio (reference / scale)</th>"
                + "<th>DsDm gain [95% CI]</th><th>DsDm worst-end gain [95% CI]</th></tr></thead><tbody>");
        for (ScaleSize s : r.proxyScales()) {
            Double flops = s.flopsPerModel();
            t.append("<tr><td>").append(Html.esc(Cells.text(s.name()))).append("</td>");
            sizeCells(t, s);
            t.append("<td class=\"num\">").append(flops == null || ensemble == null ? "&#8211;"
                            : Html.flops(flops * ensemble))
                    .append("</td><td class=\"num\">").append(flops == null || refFlops == null || flops <= 0
                            ? "&#8211;" : Html.ratio(refFlops / flops)).append("</td>");
            for (String method : SERIES) {
                Row row = r.find(method, s.name());
                t.append("<td>").append(row == null ? "&#8211;" : Cells.gain(row.gain(), Cells.whyNoGain(row)))
                        .append("</td>");
            }
            t.append("</tr>");
        }
        if (r.reference() != null) {
            t.append("<tr class=\"ceilingrow\"><td>").append(Html.esc(Cells.text(r.reference().name())))
                    .append(" <span class=\"ci\">(reference, trained on every selection)</span></td>");
            sizeCells(t, r.reference());
            t.append("<td>&#8211;</td><td class=\"num\">").append(refFlops == null ? "&#8211;" : Html.ratio(1))
                    .append("</td><td>&#8211;</td><td>&#8211;</td></tr>");
        }
        return t.append("</tbody></table>").toString();
    }

    private static void sizeCells(StringBuilder t, ScaleSize s) {
        t.append("<td class=\"num\">").append(s.parameters() == null ? "&#8211;" : Html.count(s.parameters()))
                .append("</td><td class=\"num\">").append(s.tokens() == null ? "&#8211;" : Html.count(s.tokens()))
                .append("</td><td class=\"num\">").append(s.flopsPerModel() == null ? "&#8211;"
                        : Html.flops(s.flopsPerModel())).append("</td>");
    }

    /** The horizontal lines' values: the methods without a proxy, and random itself. */
    private static String baselines(SelectionReport r) {
        StringBuilder t = new StringBuilder("<table><thead><tr><th>Reference line</th><th>Selection</th>"
                + "<th>Gain [95% CI]</th></tr></thead><tbody>");
        for (String method : LINES) {
            Row row = r.find(method, null);
            if (row != null) {
                t.append("<tr><td><span class=\"swatch\" style=\"background:").append(Cells.color(method))
                        .append("\"></span>").append(Html.esc(Cells.methodName(method))).append("</td><td>")
                        .append(Html.esc(row.name())).append("</td><td>")
                        .append(Cells.gain(row.gain(), Cells.whyNoGain(row))).append("</td></tr>");
            }
        }
        t.append("<tr><td><span class=\"swatch\" style=\"background:").append(Palette.NEUTRAL)
                .append("\"></span>random</td><td>").append(r.randomSelections().size())
                .append(" random selection(s)</td><td>0 by definition</td></tr>");
        return t.append("</tbody></table>").toString();
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) {
            m = Math.min(m, d);
        }
        return m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            m = Math.max(m, d);
        }
        return m;
    }
}
