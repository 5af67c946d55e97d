package org.smalltolarge.evaluator.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.smalltolarge.charts.Axis;
import org.smalltolarge.charts.Figure;
import org.smalltolarge.charts.Html;
import org.smalltolarge.charts.Palette;
import org.smalltolarge.charts.PlotArea;
import org.smalltolarge.charts.PointSeries;
import org.smalltolarge.charts.Svg;
import org.smalltolarge.evaluator.analysis.Estimate;
import org.smalltolarge.evaluator.analysis.NoiseCeiling;
import org.smalltolarge.evaluator.analysis.ScaleComparison;
import org.smalltolarge.evaluator.analysis.SuiteAnalysis;

/**
 * Plot 1: Pearson, Spearman and R^2 (with bootstrap intervals) against the proxy's training compute (log x, more
 * compute to the right, each proxy's share of the reference's compute written above it).
 */
final class CorrelationFigure {
    static final String PLOT = "correlation-vs-compute";

    private record Series(String name, String shape, String color, Function<ScaleComparison, Estimate> stat) {
    }

    private static final List<Series> SERIES = List.of(
            new Series("Pearson r", "circle", Palette.PEARSON, ScaleComparison::pearson),
            new Series("Spearman \u03c1", "square", Palette.SPEARMAN, ScaleComparison::spearman),
            new Series("R\u00b2 (squared Pearson)", "triangle", Palette.R2, ScaleComparison::r2));

    private CorrelationFigure() {
    }

    static String render(SuiteAnalysis suite, String id) {
        List<ScaleComparison> cmps = suite.comparisons();
        PlotArea area = new PlotArea(70, 46, 430, 270);
        Svg svg = new Svg(720, 370, PLOT, suite.suite(), id, "Correlation of proxy and reference mean loss across"
                + " distributions against proxy training compute, test set " + suite.suite(),
                "Pearson, Spearman and R squared with 95% bootstrap intervals for each proxy scale; x is the proxy's"
                        + " training FLOPs per run on a log scale, increasing to the right up to the reference's.");
        svg.text(area.left(), 24, suite.suite() + ": how well proxy losses track the reference", "start",
                "plottitle");
        if (cmps.isEmpty()) {
            svg.text(area.left(), 80, "no proxy scale in this study", "start", "note");
            return finish(suite, svg);
        }
        double lo = 0;
        int undefined = 0;
        for (ScaleComparison c : cmps) {
            for (Series s : SERIES) {
                Estimate e = s.stat().apply(c);
                if (e.value() == null) {
                    undefined++;
                    continue;
                }
                lo = Math.min(lo, e.ciLow() != null ? e.ciLow() : e.value());
            }
        }
        Axis x = ComputeAxis.of(cmps);
        Axis y = Axis.linear(lo, 1, 5);
        area.drawAxes(svg, x, y, ComputeAxis.TITLE, "correlation across distributions");
        ComputeAxis.annotate(svg, area, x, cmps);
        NoiseCeiling ceiling = suite.referenceNoiseCeiling();
        if (ceiling.meanPearson() != null) {
            double cy = area.y(y, ceiling.meanPearson());
            svg.line(area.left(), cy, area.right(), cy, "ceiling");
            // below the line when it runs along the top, where the compute shares are written
            svg.text(area.right() - 4, cy - area.top() < 18 ? cy + 13 : cy - 5, "reference seed-to-seed r = "
                    + Html.num(ceiling.meanPearson(), 3), "end", "note");
        }
        for (int k = 0; k < SERIES.size(); k++) {
            Series s = SERIES.get(k);
            List<PointSeries.Point> pts = new ArrayList<>();
            for (ScaleComparison c : cmps) {
                Estimate e = s.stat().apply(c);
                if (e.value() != null) {
                    pts.add(new PointSeries.Point(c.proxyFlops(), e.value(), e.ciLow(), e.ciHigh(), s.name() + " = "
                            + Html.num(e.value(), 3) + " for " + c.scale() + " at " + Html.flopsText(c.proxyFlops())
                            + " FLOPs, " + ComputeAxis.share(c.computeRatio())));
                }
            }
            PointSeries.draw(svg, area, x, y, pts, (k - 1) * 8, s.shape(), 4.5, s.color());
        }
        double ly = area.top() + 10;
        for (Series s : SERIES) {
            svg.marker(s.shape(), area.right() + 26, ly - 4, 4.5, s.color(), null);
            svg.text(area.right() + 38, ly, s.name(), "start", "legend");
            ly += 20;
        }
        svg.line(area.right() + 18, ly - 4, area.right() + 34, ly - 4, "ceiling");
        svg.text(area.right() + 38, ly, "noise ceiling", "start", "legend");
        svg.text(area.right() + 20, ly + 22, "bars: 95% bootstrap CI", "start", "note");
        if (undefined > 0) {
            svg.text(area.right() + 20, ly + 40, undefined + " value(s) undefined,", "start", "note");
            svg.text(area.right() + 20, ly + 54, "see the table", "start", "note");
        }
        return finish(suite, svg);
    }

    private static String finish(SuiteAnalysis suite, Svg svg) {
        String caption = "Each point is one proxy scale: its per-distribution mean losses correlated with the"
                + " reference's. Further right is more compute; the fraction above each point is its share of the"
                + " reference's compute, and the vertical dotted line is the reference's. The horizontal dotted line is"
                + " the reference's own seed-to-seed Pearson r where several seeds exist.";
        return Figure.wrap("Correlation against proxy compute", svg.end(), caption, table(suite));
    }

    private static String table(SuiteAnalysis suite) {
        StringBuilder t = new StringBuilder("<table><thead><tr><th>Proxy scale</th><th>Training FLOPs per run</th>"
                + "<th>Share of reference compute</th>"
                + "<th>Distributions</th><th>Pearson r [95% CI]</th><th>Spearman \u03c1 [95% CI]</th>"
                + "<th>R\u00b2 [95% CI]</th><th>Decision accuracy</th><th>Resamples skipped</th></tr></thead><tbody>");
        for (ScaleComparison c : suite.comparisons()) {
            t.append("<tr><td>").append(Html.esc(c.scale())).append("</td><td class=\"num\">")
                    .append(Html.flops(c.proxyFlops())).append("</td><td class=\"num\">")
                    .append(ComputeAxis.fraction(c.computeRatio())).append("</td><td class=\"num\">")
                    .append(c.distributionsCompared()).append("</td>");
            if (c.reason() != null) { // the whole comparison is undefined: say why once
                t.append("<td colspan=\"5\">").append(Html.undefined(c.reason())).append("</td></tr>");
                continue;
            }
            t.append("<td>").append(Estimates.html(c.pearson()))
                    .append("</td><td>").append(Estimates.html(c.spearman())).append("</td><td>")
                    .append(Estimates.html(c.r2())).append("</td><td>")
                    .append(decision(c)).append("</td><td class=\"num\">")
                    .append(c.pearson().value() == null ? "&#8211;" : c.pearson().resamplesSkipped() + " of "
                            + c.pearson().resamples())
                    .append("</td></tr>");
        }
        NoiseCeiling n = suite.referenceNoiseCeiling();
        double referenceFlops = suite.comparisons().isEmpty() ? Double.NaN
                : suite.comparisons().get(0).proxyFlops() * suite.comparisons().get(0).computeRatio();
        t.append("<tr class=\"ceilingrow\"><td>reference seed-to-seed (noise ceiling)</td><td class=\"num\">")
                .append(Double.isNaN(referenceFlops) ? "&#8211;" : Html.flops(referenceFlops))
                .append("</td><td class=\"num\">1</td>"
                + "<td class=\"num\">").append(n.seeds().size()).append(" seeds</td><td>")
                .append(Html.value(n.meanPearson(), n.reason(), 3)).append("</td><td>")
                .append(Html.value(n.meanSpearman(), n.reason() != null ? n.reason() : "no defined Spearman", 3))
                .append("</td><td>").append(Html.value(n.meanR2(), n.reason(), 3))
                .append("</td><td>&#8211;</td><td>&#8211;</td></tr>");
        return t.append("</tbody></table>").toString();
    }

    private static String decision(ScaleComparison c) {
        var d = c.decisionAccuracy();
        if (d.value() == null) {
            return Html.undefined(d.reason());
        }
        int decidable = d.pairs() - d.referenceTies();
        String ties = (d.proxyTies() > 0 ? ", " + d.proxyTies() + " proxy ties" : "")
                + (d.referenceTies() > 0 ? ", " + d.referenceTies() + " reference ties excluded" : "");
        return Html.num(d.value(), 3) + " <span class=\"ci\">(" + d.agreeing() + " of " + decidable + " pairs agree"
                + ties + ")</span>";
    }
}
