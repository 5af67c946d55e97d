package org.smalltolarge.evaluator.report;

import java.util.ArrayList;
import java.util.List;
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
            List<double[]> pts = new ArrayList<>();
            for (ScaleComparison c : s.comparisons()) {
                undefined += c.r2().value() == null ? 1 : 0;
                if (c.r2().value() != null) {
                    pts.add(new double[] {area.x(x, c.computeRatio()), area.y(y, c.r2().value()), c.r2().value(),
                        c.computeRatio()});
                }
            }
            pts.sort((p, q) -> Double.compare(p[0], q[0]));
            if (pts.size() > 1) {
                svg.polyline(pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1])
                        .toArray(), "series", color);
            }
            for (double[] p : pts) {
                svg.marker("circle", p[0], p[1], 4.5, color, s.suite() + ": R\u00b2 = " + Html.num(p[2], 3) + " at "
                        + Axis.ratioLabel(p[3]) + " less compute");
            }
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
            s.comparisons().forEach(c -> t.append("<td>").append(Figure.estimate(c.r2())).append("</td>"));
            t.append("</tr>");
        }
        t.append("</tbody></table>");
        String caption = "R\u00b2 is the squared Pearson correlation of per-distribution mean losses (proxy vs"
                + " reference), with 95% bootstrap intervals in the table. Higher is better; further right is cheaper.";
        return Figure.wrap("Overview", svg.end(), caption, t.toString());
    }
}
