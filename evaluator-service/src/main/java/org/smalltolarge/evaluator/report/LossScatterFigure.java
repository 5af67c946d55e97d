package org.smalltolarge.evaluator.report;

import java.util.ArrayList;
import java.util.List;
import org.smalltolarge.charts.Axis;
import org.smalltolarge.charts.Figure;
import org.smalltolarge.charts.Html;
import org.smalltolarge.charts.Palette;
import org.smalltolarge.charts.PlotArea;
import org.smalltolarge.charts.Svg;
import org.smalltolarge.evaluator.analysis.ScaleComparison.DistributionPoint;
import org.smalltolarge.evaluator.analysis.ScaleComparison;
import org.smalltolarge.evaluator.analysis.SuiteAnalysis;

/** Plot 2: proxy vs reference mean loss, one point per distribution, one panel per proxy scale, y = x guide. */
final class LossScatterFigure {
    static final String PLOT = "loss-scatter";

    private LossScatterFigure() {
    }

    static String render(SuiteAnalysis suite, List<String> distributions, String id) {
        List<ScaleComparison> cmps = suite.comparisons();
        int cols = Figure.columns(cmps.size());
        int rows = Figure.rows(cmps.size());
        int width = cols * Figure.PANEL_WIDTH;
        int legendRows = Figure.legendRows(distributions, width - 60);
        int height = rows * Figure.PANEL_HEIGHT + 18 * legendRows + 16;
        Svg svg = new Svg(width, height, PLOT, suite.suite(), id, "Proxy against reference mean loss per"
                + " distribution, test set " + suite.suite(), "One panel per proxy scale; each point is a training"
                + " distribution; the dashed diagonal is y = x.");
        List<String> colors = new ArrayList<>();
        for (int i = 0; i < distributions.size(); i++) {
            colors.add(Palette.color(i));
        }
        if (cmps.isEmpty()) {
            svg.text(20, 40, "no proxy scale in this study", "start", "note");
        }
        for (int p = 0; p < cmps.size(); p++) {
            double ox = (p % cols) * Figure.PANEL_WIDTH;
            double oy = (p / cols) * Figure.PANEL_HEIGHT;
            panel(svg, cmps.get(p), distributions, colors, new PlotArea(ox + 66, oy + 36, 280, 196));
        }
        Figure.legend(svg, distributions, colors, 30, rows * Figure.PANEL_HEIGHT + 12, width - 60);
        String caption = "Mean loss over the test set (nats per scored token), seed-averaged. Points on a straight"
                + " line mean the proxy ranks and spaces the distributions like the reference; the diagonal shows"
                + " where both losses would be equal.";
        return Figure.wrap("Proxy vs reference mean loss per distribution", svg.end(), caption,
                table(suite, distributions));
    }

    private static void panel(Svg svg, ScaleComparison c, List<String> distributions, List<String> colors,
            PlotArea area) {
        String title = c.scale() + " \u00b7 " + ComputeAxis.fraction(c.computeRatio()) + " compute \u00b7 r = "
                + (c.pearson().value() == null ? "undefined" : Html.num(c.pearson().value(), 3));
        svg.text(area.left() - 50, area.top() - 16, title, "start", "paneltitle");
        List<DistributionPoint> both = c.points().stream()
                .filter(p -> p.proxyMeanLoss() != null && p.referenceMeanLoss() != null).toList();
        if (both.isEmpty()) {
            svg.rect(area.left(), area.top(), area.width(), area.height(), "frame", null, null);
            svg.text(area.left() + area.width() / 2, area.top() + area.height() / 2, "no distribution with both sides",
                    "middle", "note");
            return;
        }
        double xlo = both.stream().mapToDouble(DistributionPoint::proxyMeanLoss).min().orElseThrow();
        double xhi = both.stream().mapToDouble(DistributionPoint::proxyMeanLoss).max().orElseThrow();
        double ylo = both.stream().mapToDouble(DistributionPoint::referenceMeanLoss).min().orElseThrow();
        double yhi = both.stream().mapToDouble(DistributionPoint::referenceMeanLoss).max().orElseThrow();
        // 4% margins keep points off the frame when a round tick equals the extreme value.
        Axis x = Axis.linear(xlo - 0.04 * (xhi - xlo), xhi + 0.04 * (xhi - xlo), 4);
        Axis y = Axis.linear(ylo - 0.04 * (yhi - ylo), yhi + 0.04 * (yhi - ylo), 4);
        area.drawAxes(svg, x, y, "proxy mean loss", "reference mean loss");
        double from = Math.max(x.min, y.min);
        double to = Math.min(x.max, y.max);
        if (from < to) {
            svg.line(area.x(x, from), area.y(y, from), area.x(x, to), area.y(y, to), "identity");
            if (area.x(x, to) - area.x(x, from) > 50) { // label only a segment long enough to carry it
                svg.text(area.x(x, to) - 4, area.y(y, to) + 14, "y = x", "end", "note");
            }
        } else {
            svg.text(area.right() - 4, area.top() + 14, "y = x lies outside", "end", "note");
        }
        for (DistributionPoint p : both) {
            int i = distributions.indexOf(p.distribution());
            svg.marker("circle", area.x(x, p.proxyMeanLoss()), area.y(y, p.referenceMeanLoss()), 5,
                    colors.get(Math.max(0, i)), p.distribution() + ": proxy " + Html.num(p.proxyMeanLoss(), 3)
                            + ", reference " + Html.num(p.referenceMeanLoss(), 3));
        }
    }

    private static String table(SuiteAnalysis suite, List<String> distributions) {
        StringBuilder t = new StringBuilder("<table><thead><tr><th>Distribution</th><th>Reference (seeds)</th>");
        for (ScaleComparison c : suite.comparisons()) {
            t.append("<th>").append(Html.esc(c.scale())).append(" (seeds)</th>");
        }
        t.append("</tr></thead><tbody>");
        for (int i = 0; i < distributions.size(); i++) {
            String d = distributions.get(i);
            t.append("<tr><td><span class=\"swatch\" style=\"background:").append(Palette.color(i))
                    .append("\"></span>").append(Html.esc(d)).append("</td>");
            DistributionPoint ref = suite.comparisons().isEmpty() ? null : suite.comparisons().get(0).points().get(i);
            t.append(cell(ref == null ? null : ref.referenceMeanLoss(), ref == null ? 0 : ref.referenceSeeds()));
            for (ScaleComparison c : suite.comparisons()) {
                DistributionPoint p = c.points().get(i);
                t.append(cell(p.proxyMeanLoss(), p.proxySeeds()));
            }
            t.append("</tr>");
        }
        return t.append("</tbody></table>").toString();
    }

    private static String cell(Double loss, int seeds) {
        return loss == null ? "<td>" + Html.undefined("no predictions") + "</td>"
                : "<td class=\"num\">" + Html.num(loss, 3) + " <span class=\"ci\">(" + seeds + ")</span></td>";
    }
}
