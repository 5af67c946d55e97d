package org.smalltolarge.attribution.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.smalltolarge.attribution.report.AttributionReport.ScaleReport;
import org.smalltolarge.charts.Axis;
import org.smalltolarge.charts.Figure;
import org.smalltolarge.charts.Html;
import org.smalltolarge.charts.Palette;
import org.smalltolarge.charts.PlotArea;
import org.smalltolarge.charts.PointSeries;
import org.smalltolarge.charts.Svg;
import org.smalltolarge.contracts.events.AttributionCompleted.LdsValue;

/**
 * Figure 1, as the paper plots it: LDS (mean over targets, 95% bootstrap interval as bars) against the training
 * compute of one model of each scale, log x; against the reference's subset models and against each scale's own.
 */
final class LdsComputeFigure {
    static final String PLOT = "lds-vs-compute";

    private record Series(String name, String shape, String color, Function<ScaleReport, LdsValue> stat) {
    }

    private static final List<Series> SERIES = List.of(
            new Series("LDS, reference's subset models", "circle", Palette.color(0), ScaleReport::lds),
            new Series("LDS, own-scale subset models", "square", Palette.color(1), ScaleReport::ldsOwnScale));

    private LdsComputeFigure() {
    }

    static String render(AttributionReport r, String id) {
        PlotArea area = new PlotArea(70, 46, 430, 270);
        Svg svg = new Svg(760, 370, PLOT, null, id, "LDS against training compute per model",
                "One point per scale; x is the training compute of one model of the scale (log scale); y is the"
                        + " linear datamodeling score with its 95% bootstrap interval, against the reference's"
                        + " subset models and against the scale's own.");
        svg.text(area.left(), 24, "LDS against compute per model", "start", "plottitle");
        List<ScaleReport> placed = r.scales().stream()
                .filter(s -> Cells.finite(s.flopsPerModel()) != null && s.flopsPerModel() > 0).toList();
        List<Series> present = SERIES.stream()
                .filter(series -> r.scales().stream().anyMatch(s -> series.stat().apply(s) != null)).toList();
        double lo = 0;
        double hi = 0.1;
        int undefined = 0;
        for (ScaleReport s : placed) {
            for (Series series : present) {
                LdsValue v = series.stat().apply(s);
                Double mean = Cells.mean(v);
                if (mean == null) {
                    undefined++;
                    continue;
                }
                lo = Math.min(lo, Cells.hasInterval(v) ? Math.min(v.low(), mean) : mean);
                hi = Math.max(hi, Cells.hasInterval(v) ? Math.max(v.high(), mean) : mean);
            }
        }
        if (placed.isEmpty()) {
            svg.text(area.left(), 80, "no scale with a training compute in this report", "start", "note");
            return finish(r, svg);
        }
        Axis x = Axis.log10(placed.stream().mapToDouble(ScaleReport::flopsPerModel).min().orElseThrow(),
                placed.stream().mapToDouble(ScaleReport::flopsPerModel).max().orElseThrow(), Html::flopsText);
        Axis y = Axis.linear(Math.max(-1, lo), Math.min(1, hi), 5);
        area.drawAxes(svg, x, y, "training FLOPs per model (log scale)", "LDS (mean over targets)");
        for (ScaleReport s : placed) { // scale names along the top, the reference's line through the plot
            double px = area.x(x, s.flopsPerModel());
            if (r.isReference(s.scale())) {
                svg.line(px, area.top(), px, area.bottom(), "ceiling");
            }
            svg.text(px, area.top() - 6, s.scale() + (r.isReference(s.scale()) ? " (reference)" : ""), "middle",
                    r.isReference(s.scale()) ? "note flaggedtext" : "note");
        }
        for (int k = 0; k < present.size(); k++) {
            Series series = present.get(k);
            List<PointSeries.Point> pts = new ArrayList<>();
            for (ScaleReport s : placed) {
                LdsValue v = series.stat().apply(s);
                Double mean = Cells.mean(v);
                if (mean != null) {
                    boolean ci = Cells.hasInterval(v);
                    pts.add(new PointSeries.Point(s.flopsPerModel(), mean, ci ? v.low() : null, ci ? v.high() : null,
                            s.scale() + ", " + series.name() + " = " + Html.num(mean, 3)
                                    + (ci ? " [" + Html.num(v.low(), 3) + ", " + Html.num(v.high(), 3) + "]" : "")
                                    + " at " + Html.flopsText(s.flopsPerModel()) + " FLOPs per model"));
                }
            }
            PointSeries.draw(svg, area, x, y, pts, present.size() == 1 ? 0 : (k - 0.5) * 8, series.shape(), 4.5,
                    series.color());
        }
        if (present.isEmpty() || undefined == placed.size() * present.size()) {
            svg.text(area.left() + area.width() / 2, area.top() + area.height() / 2, r.hasLdsBank()
                    ? "no defined LDS at any scale" : "no LDS: the request has no LDS bank", "middle", "note");
        }
        double ly = area.top() + 10;
        for (Series series : present) {
            svg.marker(series.shape(), area.right() + 26, ly - 4, 4.5, series.color(), null);
            svg.text(area.right() + 38, ly, series.name(), "start", "legend");
            ly += 20;
        }
        svg.line(area.right() + 18, ly - 4, area.right() + 34, ly - 4, "ceiling");
        svg.text(area.right() + 38, ly, "reference scale", "start", "legend");
        svg.text(area.right() + 20, ly + 22, "bars: 95% bootstrap CI", "start", "note");
        if (undefined > 0) {
            svg.text(area.right() + 20, ly + 40, undefined + " value(s) undefined,", "start", "note");
            svg.text(area.right() + 20, ly + 54, "see the table", "start", "note");
        }
        return finish(r, svg);
    }

    private static String finish(AttributionReport r, Svg svg) {
        String caption = "Each point is one scale's attribution scores checked against models trained on random"
                + " halves of the pool: against the reference's subset models (how well the scale explains the"
                + " reference) and against the scale's own (how well it explains itself). Further left is cheaper;"
                + " the dotted line marks the reference.";
        return Figure.wrap("LDS against proxy compute", svg.end(), caption, table(r));
    }

    private static String table(AttributionReport r) {
        Double refFlops = r.scales().stream().filter(s -> r.isReference(s.scale())).findFirst()
                .map(ScaleReport::flopsPerModel).map(Cells::finite).orElse(null);
        StringBuilder t = new StringBuilder("<table><thead><tr><th>Scale</th><th>Parameters</th>"
                + "<th>FLOPs per model</th><th>Compute ratio (reference / scale)</th>"
                + "<th>LDS, reference's models [95% CI]</th><th>Significant targets</th>"
                + "<th>LDS, own scale [95% CI]</th><th>Significant targets (own)</th></tr></thead><tbody>");
        for (ScaleReport s : r.scales()) {
            Double flops = Cells.finite(s.flopsPerModel());
            t.append(r.isReference(s.scale()) ? "<tr class=\"ceilingrow\">" : "<tr>").append("<td>")
                    .append(Html.esc(s.scale()))
                    .append(r.isReference(s.scale()) ? " <span class=\"ci\">(reference)</span>" : "")
                    .append("</td><td class=\"num\">").append(s.parameters() == null ? "&#8211;"
                            : Html.count(s.parameters()))
                    .append("</td><td class=\"num\">").append(flops == null ? "&#8211;" : Html.flops(flops))
                    .append("</td><td class=\"num\">").append(flops == null || refFlops == null || flops <= 0
                            ? "&#8211;" : Html.ratio(refFlops / flops))
                    .append("</td><td>").append(Cells.lds(s.lds(), r.whyNoLds())).append("</td><td class=\"num\">")
                    .append(Cells.significance(s.lds())).append("</td><td>")
                    .append(Cells.lds(s.ldsOwnScale(), r.whyNoLds())).append("</td><td class=\"num\">")
                    .append(Cells.significance(s.ldsOwnScale()))
                    .append("</td></tr>");
        }
        return t.append("</tbody></table>").toString();
    }
}
