package org.smalltolarge.attribution.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.smalltolarge.attribution.report.AttributionReport.EnsemblePoint;
import org.smalltolarge.attribution.report.AttributionReport.ScaleReport;
import org.smalltolarge.charts.Axis;
import org.smalltolarge.charts.Figure;
import org.smalltolarge.charts.Html;
import org.smalltolarge.charts.Palette;
import org.smalltolarge.charts.PlotArea;
import org.smalltolarge.charts.PointSeries;
import org.smalltolarge.charts.Svg;

/**
 * Figure 2: LDS against the reference's subset models with the scores of the first 1, 2, 5, 10, ... models of each
 * scale's ensemble, one line per scale with 95% bootstrap intervals as bars: what more models buy at each scale.
 */
final class EnsembleSizeFigure {
    static final String PLOT = "lds-vs-ensemble-size";
    private static final String[] SHAPES = {"circle", "square", "triangle"};

    private EnsembleSizeFigure() {
    }

    static String render(AttributionReport r, String id) {
        List<ScaleReport> scales = r.scales();
        PlotArea area = new PlotArea(70, 46, 430, 270);
        Svg svg = new Svg(760, 370, PLOT, null, id, "LDS against ensemble size per scale",
                "One line per scale; x is the number of ensemble models whose scores are averaged (log scale); y"
                        + " is LDS against the reference's subset models with its 95% bootstrap interval.");
        svg.text(area.left(), 24, "LDS against ensemble size", "start", "plottitle");
        TreeSet<Integer> sizes = sizes(r);
        double lo = 0;
        double hi = 0.1;
        int undefined = 0;
        for (ScaleReport s : scales) {
            for (EnsemblePoint p : s.ldsByEnsembleSize()) {
                Double mean = Cells.mean(p.lds());
                if (mean == null) {
                    undefined++;
                    continue;
                }
                boolean ci = Cells.hasInterval(p.lds());
                lo = Math.min(lo, ci ? Math.min(p.lds().low(), mean) : mean);
                hi = Math.max(hi, ci ? Math.max(p.lds().high(), mean) : mean);
            }
        }
        if (sizes.isEmpty()) {
            svg.text(area.left(), 80, r.hasLdsBank() ? "no ensemble-size curve in this report"
                    : "no ensemble-size curve: the request has no LDS bank", "start", "note");
            return finish(r, svg, sizes);
        }
        // ticks at the measured sizes; a quarter of a step of room at both ends keeps the offset bars inside
        Axis x = Axis.log10(sizes.first() / 1.25, sizes.last() * 1.25, sizes.stream().map(Integer::doubleValue)
                .toList(), v -> String.format(Locale.ROOT, "%.0f", v));
        Axis y = Axis.linear(Math.max(-1, lo), Math.min(1, hi), 5);
        area.drawAxes(svg, x, y, "ensemble models averaged (log scale)", "LDS, reference's subset models");
        double ly = area.top() + 10;
        for (int k = 0; k < scales.size(); k++) {
            ScaleReport s = scales.get(k);
            String color = Palette.color(k);
            String shape = SHAPES[k % SHAPES.length];
            List<PointSeries.Point> pts = new ArrayList<>();
            for (EnsemblePoint p : s.ldsByEnsembleSize()) {
                Double mean = Cells.mean(p.lds());
                if (mean != null) {
                    boolean ci = Cells.hasInterval(p.lds());
                    pts.add(new PointSeries.Point(p.models(), mean, ci ? p.lds().low() : null,
                            ci ? p.lds().high() : null, s.scale() + " with " + p.models() + " model(s): LDS = "
                                    + Html.num(mean, 3) + (ci ? " [" + Html.num(p.lds().low(), 3) + ", "
                                    + Html.num(p.lds().high(), 3) + "]" : "")));
                }
            }
            // neighbouring scales' bars side by side rather than on top of each other
            PointSeries.draw(svg, area, x, y, pts, (k - (scales.size() - 1) / 2.0) * 6, shape, 4.5, color);
            svg.marker(shape, area.right() + 26, ly - 4, 4.5, color, null);
            svg.text(area.right() + 38, ly, s.scale() + (r.isReference(s.scale()) ? " (reference)" : ""), "start",
                    "legend");
            ly += 20;
        }
        svg.text(area.right() + 20, ly + 4, "bars: 95% bootstrap CI", "start", "note");
        if (undefined > 0) {
            svg.text(area.right() + 20, ly + 22, undefined + " value(s) undefined,", "start", "note");
            svg.text(area.right() + 20, ly + 36, "see the table", "start", "note");
        }
        return finish(r, svg, sizes);
    }

    /** Every ensemble size any scale has a point for, ascending. */
    private static TreeSet<Integer> sizes(AttributionReport r) {
        TreeSet<Integer> sizes = new TreeSet<>();
        r.scales().forEach(s -> s.ldsByEnsembleSize().forEach(p -> sizes.add(p.models())));
        return sizes;
    }

    private static String finish(AttributionReport r, Svg svg, TreeSet<Integer> sizes) {
        String caption = "Scores averaged over the first m models of each scale's ensemble, each model trained on its"
                + " own random half of the pool; the last point of a line is the full ensemble (the LDS of figure 1)."
                + " A line still rising at its end says more models would help.";
        StringBuilder t = new StringBuilder("<table><thead><tr><th>Ensemble models</th>");
        r.scales().forEach(s -> t.append("<th>").append(Html.esc(s.scale()))
                .append(r.isReference(s.scale()) ? " <span class=\"ci\">(reference)</span>" : "").append("</th>"));
        t.append("</tr></thead><tbody>");
        for (int m : sizes) {
            t.append("<tr><td class=\"num\">").append(m).append("</td>");
            for (ScaleReport s : r.scales()) {
                EnsemblePoint p = s.ldsByEnsembleSize().stream().filter(q -> q.models() == m).findFirst().orElse(null);
                t.append("<td>").append(p == null ? "&#8211;" : Cells.lds(p.lds(), r.whyNoLds())).append("</td>");
            }
            t.append("</tr>");
        }
        t.append("</tbody></table>");
        return Figure.wrap("LDS against ensemble size", svg.end(), caption, t.toString());
    }
}
