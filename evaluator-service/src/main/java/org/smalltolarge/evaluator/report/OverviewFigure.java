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

/** The headline: R^2 against compute ratio for every test set in one plot (as the paper's main figure). */
final class OverviewFigure {
    static final String PLOT = "r2-overview";

    private OverviewFigure() {
    }

    static String render(StudyAnalysis a, String id) {
        PlotArea area = new PlotArea(70, 46, 430, 270);
        Svg svg = new Svg(720, 370, PLOT, null, id, "R squared of proxy and reference mean losses against compute"
                + " ratio for every test set", "One line per test set; x is reference compute divided by proxy"
                + " compute on a log scale; y is the squared Pearson correlation across distributions.");
        svg.text(area.left(), 24, "All test sets: R\u00b2 against proxy compute", "start", "plottitle");
        List<Double> ratios = new ArrayList<>();
        a.suites().forEach(s -> s.comparisons().forEach(c -> ratios.add(c.computeRatio())));
        if (ratios.isEmpty()) {
            svg.text(area.left(), 80, "no proxy comparison in this study", "start", "note");
            return wrap(a, svg);
        }
        Axis x = Axis.log10(ratios.stream().mapToDouble(d -> d).min().orElseThrow(),
                ratios.stream().mapToDouble(d -> d).max().orElseThrow(), Axis::ratioLabel);
        Axis y = Axis.fixed(0, 1, 0.2, 1);
        area.drawAxes(svg, x, y, "reference compute / proxy compute (log scale)", "R\u00b2 across distributions");
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
                    pts.add(new PointSeries.Point(c.computeRatio(), r2, null, null, s.suite() + ": R\u00b2 = "
                            + Html.num(r2, 3) + " at " + Axis.ratioLabel(c.computeRatio()) + " less compute"));
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
                .append(Html.esc(s.scale())).append(" <span class=\"ci\">(").append(Html.ratio(s.computeRatio()))
                .append(")</span></th>"));
        t.append("</tr></thead><tbody>");
        for (SuiteAnalysis s : a.suites()) {
            t.append("<tr><td><a href=\"#suite-").append(Html.slug(s.suite())).append("\">").append(Html.esc(s.suite()))
                    .append("</a></td>");
            s.comparisons().forEach(c -> t.append("<td>").append(Estimates.html(c.r2())).append("</td>"));
            t.append("</tr>");
        }
        t.append("</tbody></table>");
        String caption = "R\u00b2 is the squared Pearson correlation of per-distribution mean losses (proxy vs"
                + " reference), with 95% bootstrap intervals in the table. Higher is better; further right is cheaper.";
        return Figure.wrap("Overview", svg.end(), caption, t.toString());
    }
}
