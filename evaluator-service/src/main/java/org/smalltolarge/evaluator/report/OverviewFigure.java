package org.smalltolarge.evaluator.report;

import java.util.ArrayList;
import java.util.List;
import org.smalltolarge.charts.Axis;
import org.smalltolarge.charts.Figure;
import org.smalltolarge.charts.Html;
import org.smalltolarge.charts.Palette;
import org.smalltolarge.charts.PlotArea;
import org.smalltolarge.charts.PointSeries;
import org.smalltolarge.charts.Svg;
import org.smalltolarge.evaluator.analysis.ScaleComparison;
import org.smalltolarge.evaluator.analysis.StudyAnalysis;
import org.smalltolarge.evaluator.analysis.SuiteAnalysis;

/** The headline: R^2 against proxy training compute for every test set in one plot (as the paper's main figure). */
final class OverviewFigure {
    static final String PLOT = "r2-overview";

    private OverviewFigure() {
    }

    static String render(StudyAnalysis a, String id) {
        PlotArea area = new PlotArea(70, 46, 430, 270);
        Svg svg = new Svg(720, 370, PLOT, null, id, "R squared of proxy and reference mean losses against proxy"
                + " training compute for every test set", "One line per test set; x is the proxy's training FLOPs per"
                + " run on a log scale, increasing to the right up to the reference's; y is the squared Pearson"
                + " correlation across distributions.");
        svg.text(area.left(), 24, "All test sets: R\u00b2 against proxy compute", "start", "plottitle");
        List<ScaleComparison> all = new ArrayList<>();
        a.suites().forEach(s -> all.addAll(s.comparisons()));
        if (all.isEmpty()) {
            svg.text(area.left(), 80, "no proxy comparison in this study", "start", "note");
            return wrap(a, svg);
        }
        // every suite compares the same proxy scales: label each scale once
        List<ScaleComparison> scales = a.suites().stream().filter(s -> !s.comparisons().isEmpty()).findFirst()
                .orElseThrow().comparisons();
        Axis x = ComputeAxis.of(all);
        Axis y = Axis.fixed(0, 1, 0.2, 1);
        area.drawAxes(svg, x, y, ComputeAxis.TITLE, "R\u00b2 across distributions");
        ComputeAxis.annotate(svg, area, x, scales);
        double ly = area.top() + 10;
        int undefined = 0;
        for (int k = 0; k < a.suites().size(); k++) {
            SuiteAnalysis s = a.suites().get(k);
            String color = Palette.color(k);
            List<PointSeries.Point> pts = new ArrayList<>();
            for (ScaleComparison c : s.comparisons()) {
                Double r2 = c.r2().value();
                if (r2 == null) {
                    undefined++;
                } else { // no intervals here: the table has them, and ten test sets' bars would hide the lines
                    pts.add(new PointSeries.Point(c.proxyFlops(), r2, null, null, s.suite() + ": R\u00b2 = "
                            + Html.num(r2, 3) + " for " + c.scale() + ", " + ComputeAxis.share(c.computeRatio())));
                }
            }
            PointSeries.draw(svg, area, x, y, pts, 0, "circle", 4.5, color);
            svg.marker("circle", area.right() + 26, ly - 4, 4.5, color, null);
            svg.text(area.right() + 38, ly, s.suite(), "start", "legend");
            ly += 20;
        }
        if (undefined > 0) {
            svg.text(area.right() + 20, ly + 12, undefined + " value(s) undefined,", "start", "note");
            svg.text(area.right() + 20, ly + 26, "see the table", "start", "note");
        }
        return wrap(a, svg);
    }

    private static String wrap(StudyAnalysis a, Svg svg) {
        StringBuilder t = new StringBuilder("<table><thead><tr><th>Test set</th>");
        a.compute().scales().stream().filter(s -> !s.scale().equals(a.referenceScale())).forEach(s -> t.append("<th>")
                .append(Html.esc(s.scale())).append(" <span class=\"ci\">(")
                .append(ComputeAxis.share(s.computeRatio())).append(")</span></th>"));
        t.append("</tr></thead><tbody>");
        for (SuiteAnalysis s : a.suites()) {
            t.append("<tr><td><a href=\"#suite-").append(Html.slug(s.suite())).append("\">").append(Html.esc(s.suite()))
                    .append("</a></td>");
            s.comparisons().forEach(c -> t.append("<td>").append(Estimates.html(c.r2())).append("</td>"));
            t.append("</tr>");
        }
        t.append("</tbody></table>");
        String caption = "R\u00b2 is the squared Pearson correlation of per-distribution mean losses (proxy vs"
                + " reference), with 95% bootstrap intervals in the table. Higher is better; further right is more compute, up to the"
                + " reference's (dotted line).";
        return Figure.wrap("Overview", svg.end(), caption, t.toString());
    }
}
