package org.smalltolarge.evaluator.report;

import java.util.List;
import java.util.Map;
import org.smalltolarge.charts.Axis;
import org.smalltolarge.charts.Figure;
import org.smalltolarge.charts.HistogramPlot;
import org.smalltolarge.charts.Html;
import org.smalltolarge.charts.Palette;
import org.smalltolarge.charts.PlotArea;
import org.smalltolarge.charts.Svg;
import org.smalltolarge.evaluator.analysis.PerExampleCorrelation;
import org.smalltolarge.evaluator.analysis.ScaleComparison;
import org.smalltolarge.evaluator.analysis.SuiteAnalysis;
import org.smalltolarge.stats.Histogram;

/** Plot 3: histograms of the per-example correlation across distributions, one panel per proxy scale. */
final class HistogramFigure {
    static final String PLOT = "per-example-histogram";

    private HistogramFigure() {
    }

    static String render(SuiteAnalysis suite, String id) {
        List<ScaleComparison> cmps = suite.comparisons();
        int cols = Figure.columns(cmps.size());
        int width = cols * Figure.PANEL_WIDTH;
        int height = Figure.rows(cmps.size()) * Figure.PANEL_HEIGHT;
        Svg svg = new Svg(width, height, PLOT, suite.suite(), id, "Histograms of per-example correlation, test set "
                + suite.suite(), "For each test example, Pearson r of proxy against reference loss across"
                + " distributions; one histogram per proxy scale with the median marked.");
        if (cmps.isEmpty()) {
            svg.text(20, 40, "no proxy scale in this study", "start", "note");
        }
        for (int p = 0; p < cmps.size(); p++) {
            double ox = (p % cols) * Figure.PANEL_WIDTH;
            double oy = (p / cols) * Figure.PANEL_HEIGHT;
            panel(svg, cmps.get(p), new PlotArea(ox + 66, oy + 36, 280, 196));
        }
        String caption = "Each example's loss under the proxy is correlated with its loss under the reference"
                + " across the training distributions. Mass near 1 means single examples move together across"
                + " scales; the dashed line is the median.";
        return Figure.wrap("Per-example correlation", svg.end(), caption, table(suite));
    }

    private static void panel(Svg svg, ScaleComparison c, PlotArea area) {
        PerExampleCorrelation pe = c.perExample();
        String title = c.scale() + " \u00b7 median r = "
                + (pe.median() == null ? "undefined" : Html.num(pe.median(), 3)) + " \u00b7 n = " + pe.defined();
        svg.text(area.left() - 50, area.top() - 16, title, "start", "paneltitle");
        Axis x = Axis.fixed(-1, 1, 0.5, 1);
        HistogramPlot.draw(svg, area, pe.histogram(), x, "Pearson r across distributions", "examples",
                Palette.PEARSON, "example(s)");
        HistogramPlot.markMedian(svg, area, x, pe.median(), "no defined correlation");
    }

    private static String table(SuiteAnalysis suite) {
        StringBuilder t = new StringBuilder("<table><thead><tr><th>Proxy scale</th><th>Examples</th>"
                + "<th>Defined</th><th>Undefined (reasons)</th><th>Median r</th><th>Mean r</th></tr></thead><tbody>");
        for (ScaleComparison c : suite.comparisons()) {
            PerExampleCorrelation pe = c.perExample();
            t.append("<tr><td>").append(Html.esc(c.scale())).append("</td><td class=\"num\">").append(pe.items())
                    .append("</td><td class=\"num\">").append(pe.defined()).append("</td><td>").append(pe.undefined());
            for (Map.Entry<String, Integer> e : pe.undefinedReasons().entrySet()) {
                t.append("<br><span class=\"ci\">").append(e.getValue()).append(": ").append(Html.esc(e.getKey()))
                        .append("</span>");
            }
            t.append("</td><td class=\"num\">").append(Html.value(pe.median(), pe.reason(), 3))
                    .append("</td><td class=\"num\">").append(Html.value(pe.mean(), pe.reason(), 3))
                    .append("</td></tr>");
        }
        t.append("</tbody></table>");
        if (!suite.comparisons().isEmpty()) {
            t.append("<details><summary>Bin counts</summary><table><thead><tr><th>Bin of r</th>");
            suite.comparisons().forEach(c -> t.append("<th>").append(Html.esc(c.scale())).append("</th>"));
            t.append("</tr></thead><tbody>");
            Histogram first = suite.comparisons().get(0).perExample().histogram();
            for (int i = 0; i < first.counts().size(); i++) {
                boolean last = i == first.counts().size() - 1;
                t.append("<tr><td>[").append(Html.num(first.edges().get(i), 2)).append(", ")
                        .append(Html.num(first.edges().get(i + 1), 2)).append(last ? "]" : ")").append("</td>");
                for (ScaleComparison c : suite.comparisons()) {
                    t.append("<td class=\"num\">").append(c.perExample().histogram().counts().get(i)).append("</td>");
                }
                t.append("</tr>");
            }
            t.append("</tbody></table></details>");
        }
        return t.toString();
    }
}
