package org.smalltolarge.evaluator.report;

import java.util.ArrayList;
import java.util.List;
import org.smalltolarge.charts.Axis;
import org.smalltolarge.charts.Figure;
import org.smalltolarge.charts.Html;
import org.smalltolarge.charts.Palette;
import org.smalltolarge.charts.PlotArea;
import org.smalltolarge.charts.Svg;
import org.smalltolarge.evaluator.analysis.AccuracyAnalysis.ScaleAccuracy;
import org.smalltolarge.evaluator.analysis.AccuracyAnalysis;
import org.smalltolarge.evaluator.analysis.SuiteAnalysis.RunSummary;
import org.smalltolarge.evaluator.analysis.SuiteAnalysis;

/** Plot 4: accuracy per scale (bar = mean, dots = single runs) against chance and the chance band. */
final class AccuracyFigure {
    static final String PLOT = "accuracy-vs-chance";

    private AccuracyFigure() {
    }

    static String render(SuiteAnalysis suite, List<String> distributions, String id) {
        AccuracyAnalysis acc = suite.accuracy();
        List<ScaleAccuracy> scales = acc.scales();
        int bandWidth = 140;
        PlotArea area = new PlotArea(70, 46, Math.max(330, bandWidth * scales.size()), 230);
        int width = (int) area.right() + 190;
        int legendRows = Figure.legendRows(distributions, width - 60);
        int height = 330 + 18 * legendRows;
        Svg svg = new Svg(width, height, PLOT, suite.suite(), id, "Accuracy against chance per scale, test set "
                + suite.suite(), "Bars are mean accuracy per scale, dots single runs coloured by distribution; the"
                + " dashed red line is chance and the shaded band reaches two binomial standard errors above it.");
        svg.text(area.left(), 24, suite.suite() + ": accuracy per scale", "start", "plottitle");
        Axis y = Axis.fixed(0, 1, 0.2, 1);
        svg.openGroup("grid");
        for (double t : y.ticks) {
            svg.line(area.left(), area.y(y, t), area.right(), area.y(y, t), "gridline");
        }
        svg.closeGroup();
        double band = area.width() / scales.size();
        for (int s = 0; s < scales.size(); s++) {
            ScaleAccuracy sa = scales.get(s);
            double cx = area.left() + band * (s + 0.5);
            boolean flagged = Boolean.TRUE.equals(sa.atOrBelowChance());
            if (acc.chance() != null) {
                double top = area.y(y, Math.min(1, sa.chanceThreshold()));
                svg.rect(cx - band / 2 + 2, top, band - 4, area.y(y, acc.chance()) - top, "chanceband", null, null);
            }
            // Bar in the left half of the band, the single runs as dots in the right half, so neither hides the other.
            double barCenter = cx - band * 0.18;
            double barTop = area.y(y, sa.meanAccuracy());
            svg.rect(barCenter - band * 0.17, barTop, band * 0.34, area.bottom() - barTop, flagged ? "bar flagged" : "bar",
                    flagged ? "#e8b4ad" : "#c9d6e6", sa.scale() + ": mean accuracy " + Html.num(sa.meanAccuracy(), 3)
                            + " over " + sa.runs() + " run(s)" + (flagged ? ", at or below chance" : ""));
            double labelY = sa.chanceThreshold() == null ? barTop - 6
                    : Math.min(barTop, area.y(y, Math.min(1, sa.chanceThreshold()))) - 6; // clear of the band
            svg.text(barCenter, labelY, Html.num(sa.meanAccuracy(), 3) + (flagged ? " \u2264 chance" : ""), "middle",
                    flagged ? "note flaggedtext" : "note");
            List<RunSummary> runs = suite.runs().stream()
                    .filter(r -> r.scale().equals(sa.scale()) && r.accuracy() != null).toList();
            for (RunSummary r : runs) {
                int d = Math.max(0, distributions.indexOf(r.distribution()));
                double jitter = band * 0.12 + (distributions.size() <= 1 ? 0
                        : d / (double) (distributions.size() - 1) * band * 0.26);
                svg.marker("circle", cx + jitter, area.y(y, r.accuracy()), 3.5, Palette.color(d), r.runId() + " ("
                        + r.distribution() + ", seed " + r.seed() + "): accuracy " + Html.num(r.accuracy(), 3));
            }
            svg.text(cx, area.bottom() + 16, sa.scale(), "middle", "ticklabel");
        }
        if (acc.chance() != null) {
            double cy = area.y(y, acc.chance());
            svg.coloredLine(area.left(), cy, area.right(), cy, "chance", Palette.CHANCE);
        }
        svg.rect(area.left(), area.top(), area.width(), area.height(), "frame", null, null);
        for (double t : y.ticks) {
            svg.line(area.left() - 4, area.y(y, t), area.left(), area.y(y, t), "tick");
            svg.text(area.left() - 7, area.y(y, t) + 4, y.label(t), "end", "ticklabel");
        }
        svg.verticalText(area.left() - 44, area.top() + area.height() / 2, "accuracy", "axistitle");
        svg.text(area.left() + area.width() / 2, area.bottom() + 34, "scale (increasing compute)", "middle",
                "axistitle");
        legend(svg, acc, area);
        List<String> colors = new ArrayList<>();
        for (int i = 0; i < distributions.size(); i++) {
            colors.add(Palette.color(i));
        }
        Figure.legend(svg, distributions, colors, 30, area.bottom() + 62, width - 60);
        String caption = acc.chance() == null
                ? "This suite has answers but no chance level, so no chance flag is set."
                : "Flag rule: " + Html.esc(acc.rule()) + ". Items per run set the band's width.";
        return Figure.wrap("Accuracy against chance", svg.end(), caption, table(acc));
    }

    private static void legend(Svg svg, AccuracyAnalysis acc, PlotArea area) {
        double x = area.right() + 18;
        double y = area.top() + 10;
        svg.rect(x, y - 10, 16, 12, "bar", "#c9d6e6", null);
        svg.text(x + 22, y, "mean accuracy", "start", "legend");
        svg.rect(x, y + 10, 16, 12, "bar flagged", "#e8b4ad", null);
        svg.text(x + 22, y + 20, "mean at/below chance", "start", "legend");
        svg.marker("circle", x + 8, y + 36, 3.5, Palette.NEUTRAL, null);
        svg.text(x + 22, y + 40, "one run", "start", "legend");
        if (acc.chance() != null) {
            svg.coloredLine(x, y + 56, x + 16, y + 56, "chance", Palette.CHANCE);
            svg.text(x + 22, y + 60, "chance = " + Html.num(acc.chance(), 3), "start", "legend");
            svg.rect(x, y + 70, 16, 12, "chanceband", null, null);
            svg.text(x + 22, y + 80, "chance + 2 SE", "start", "legend");
        } else {
            svg.text(x, y + 60, "no chance level", "start", "note");
        }
    }

    private static String table(AccuracyAnalysis acc) {
        StringBuilder t = new StringBuilder("<table><thead><tr><th>Scale</th><th>Role</th><th>Runs</th><th>Items</th>"
                + "<th>Mean accuracy</th><th>Min &#8211; max</th><th>Chance</th><th>Chance + 2 SE</th>"
                + "<th>Runs at/below</th><th>Mean at/below chance</th></tr></thead><tbody>");
        for (ScaleAccuracy s : acc.scales()) {
            t.append("<tr><td>").append(Html.esc(s.scale())).append("</td><td>").append(Html.esc(s.role()))
                    .append("</td><td class=\"num\">").append(s.runs()).append("</td><td class=\"num\">")
                    .append(s.items()).append("</td><td class=\"num\">").append(Html.num(s.meanAccuracy(), 3))
                    .append("</td><td class=\"num\">").append(Html.num(s.minAccuracy(), 3)).append(" &#8211; ")
                    .append(Html.num(s.maxAccuracy(), 3)).append("</td><td class=\"num\">")
                    .append(Html.value(acc.chance(), "no chance level", 3)).append("</td><td class=\"num\">")
                    .append(Html.value(s.chanceThreshold(), "no chance level", 3)).append("</td><td class=\"num\">")
                    .append(acc.chance() == null ? "&#8211;" : s.runsAtOrBelowChance() + " of " + s.runs())
                    .append("</td><td>").append(s.atOrBelowChance() == null ? Html.undefined("no chance level")
                            : s.atOrBelowChance() ? "<strong class=\"flag\">yes</strong>" : "no")
                    .append("</td></tr>");
        }
        return t.append("</tbody></table>").toString();
    }
}
