package org.smalltolarge.selector.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.smalltolarge.charts.Axis;
import org.smalltolarge.charts.Html;
import org.smalltolarge.charts.Palette;
import org.smalltolarge.charts.PlotArea;
import org.smalltolarge.charts.Svg;
import org.smalltolarge.charts.Figure;
import org.smalltolarge.selector.report.SelectionReport.Row;

/**
 * Figure 2: the reference's holdout loss after training on each selection, one row per selection (every random
 * selection its own row), over a band spanning the random selections' losses and a line at their mean, so a
 * selection's distance from random reads against how much random selections differ among themselves.
 */
final class HoldoutLossFigure {
    static final String PLOT = "holdout-loss-by-selection";
    private static final double ROW = 22;
    private static final double PLOT_WIDTH = 400;
    private static final double LEGEND_WIDTH = 240;
    /** Longest row label shown whole; longer names are cut (the tables give them in full). */
    private static final int LABEL_CHARS = 30;

    private HoldoutLossFigure() {
    }

    static String render(SelectionReport r, String id) {
        List<Row> rows = r.selections();
        int longest = rows.stream().mapToInt(s -> label(s).length()).max().orElse(8);
        double left = Math.max(80, 18 + 6.6 * longest);
        PlotArea area = new PlotArea(left, 46, PLOT_WIDTH, ROW * Math.max(rows.size(), 4));
        int width = (int) Math.ceil(left + PLOT_WIDTH + LEGEND_WIDTH);
        int height = (int) Math.ceil(area.bottom() + 50);
        Svg svg = new Svg(width, height, PLOT, r.suite(), id, "Holdout loss of the reference trained on each selection",
                "One row per selection; x is the reference's loss on the holdout items (mean over items and"
                        + " training seeds). The shaded band spans the random selections' losses, the dashed line is"
                        + " their mean.");
        svg.text(20, 24, "Holdout loss per selection (lower is better)", "start", "plottitle");
        List<Double> randomLosses = r.randomSelections().stream().map(Row::holdoutLoss).filter(Objects::nonNull)
                .toList();
        double[] losses = rows.stream().map(Row::holdoutLoss).filter(Objects::nonNull).mapToDouble(Double::doubleValue)
                .toArray();
        if (losses.length == 0) {
            svg.text(20, 70, rows.isEmpty() ? "no selections in this report" : "no holdout loss in this report",
                    "start", "note");
            return finish(r, svg);
        }
        Axis x = Axis.linear(java.util.Arrays.stream(losses).min().orElseThrow(),
                java.util.Arrays.stream(losses).max().orElseThrow(), 5);
        // the rows are categories, labelled below: a y axis without ticks lets PlotArea draw the frame and the x axis
        Axis noTicks = Axis.log10(1, 10, List.of(), v -> "");
        area.drawAxes(svg, x, noTicks, "holdout loss (mean over items and training seeds)", "");
        if (!randomLosses.isEmpty()) {
            double lo = randomLosses.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double hi = randomLosses.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            double mean = randomLosses.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            svg.rect(area.x(x, lo), area.top(), Math.max(1, area.x(x, hi) - area.x(x, lo)), area.height(),
                    "chanceband", null, randomLosses.size() + " random selection(s): " + Html.num(lo, 3) + " to "
                            + Html.num(hi, 3));
            svg.coloredLine(area.x(x, mean), area.top(), area.x(x, mean), area.bottom(), "chance", Palette.CHANCE);
        }
        for (int i = 0; i < rows.size(); i++) {
            Row s = rows.get(i);
            double py = area.top() + (i + 0.5) * ROW;
            svg.text(area.left() - 8, py + 4, label(s), "end", "ticklabel");
            if (s.holdoutLoss() == null) {
                svg.text(area.left() + 6, py + 4, "undefined: no holdout loss in the report", "start", "note");
                continue;
            }
            svg.marker(Cells.shape(s.method()), area.x(x, s.holdoutLoss()), py, 5, Cells.color(s.method()),
                    s.name() + " (" + Cells.methodName(s.method()) + "): holdout loss " + Html.num(s.holdoutLoss(), 3)
                            + (s.accuracy() == null ? "" : ", accuracy " + Html.num(s.accuracy(), 3)));
        }
        legend(svg, area, rows, !randomLosses.isEmpty());
        return finish(r, svg);
    }

    /** A row's label: the selection's name, cut to {@link #LABEL_CHARS}. */
    private static String label(Row s) {
        String name = Cells.text(s.name());
        return name.length() <= LABEL_CHARS ? name : name.substring(0, LABEL_CHARS - 1) + "\u2026";
    }

    private static void legend(Svg svg, PlotArea area, List<Row> rows, boolean random) {
        double lx = area.right() + 26;
        double ly = area.top() + 10;
        List<String> methods = new ArrayList<>();
        rows.forEach(s -> {
            if (!methods.contains(s.method())) {
                methods.add(s.method());
            }
        });
        for (String method : methods) {
            svg.marker(Cells.shape(method), lx, ly - 4, 5, Cells.color(method), null);
            svg.text(lx + 12, ly, Cells.methodName(method), "start", "legend");
            ly += 20;
        }
        if (random) {
            svg.rect(lx - 6, ly - 11, 12, 14, "chanceband", null, null);
            svg.text(lx + 12, ly, "range of the random selections", "start", "legend");
            ly += 20;
            svg.coloredLine(lx, ly - 11, lx, ly + 3, "chance", Palette.CHANCE);
            svg.text(lx + 12, ly, "their mean", "start", "legend");
        }
    }

    private static String finish(SelectionReport r, Svg svg) {
        String caption = "The reference&#39;s mean loss on the " + Html.esc(Cells.text(r.holdoutItems()))
                + " holdout items of " + Html.esc(Cells.text(r.suite())) + " after training on each selection,"
                + " averaged over its training seeds. Every random selection has its own row; the band shows how far"
                + " random selections of the same size differ, which is part of what the gains&#39; intervals cover.";
        return Figure.wrap("Holdout loss per selection", svg.end(), caption, table(r));
    }

    private static String table(SelectionReport r) {
        Double randomMean = r.randomSelections().stream().map(Row::holdoutLoss).filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue).average().stream().boxed().findFirst().orElse(null);
        StringBuilder t = new StringBuilder("<table><thead><tr><th>Selection</th><th>Method</th>"
                + "<th>Holdout loss</th><th>Loss &#8722; random mean</th><th>SD over holdout items</th>"
                + "</tr></thead><tbody>");
        for (Row s : r.selections()) {
            t.append(s.isRandom() ? "<tr class=\"ceilingrow\">" : "<tr>").append("<td>").append(Html.esc(s.name()))
                    .append("</td><td>").append(Html.esc(Cells.methodName(s.method())))
                    .append("</td><td class=\"num\">").append(Cells.num(s.holdoutLoss(), 3))
                    .append("</td><td class=\"num\">").append(s.holdoutLoss() == null || randomMean == null
                            ? "&#8211;" : Cells.signed(s.holdoutLoss() - randomMean))
                    .append("</td><td class=\"num\">").append(Cells.num(sd(s.itemLosses()), 3)).append("</td></tr>");
        }
        if (randomMean != null) {
            t.append("<tr class=\"ceilingrow\"><td>mean of the random selections</td><td>random</td>")
                    .append("<td class=\"num\">").append(Html.num(randomMean, 3))
                    .append("</td><td class=\"num\">0.000</td><td>&#8211;</td></tr>");
        }
        return t.append("</tbody></table>").toString();
    }

    /** Sample standard deviation of the defined values; null with fewer than two. */
    static Double sd(List<Double> values) {
        double[] v = values.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        if (v.length < 2) {
            return null;
        }
        double mean = java.util.Arrays.stream(v).average().orElseThrow();
        double ss = 0;
        for (double d : v) {
            ss += (d - mean) * (d - mean);
        }
        return Math.sqrt(ss / (v.length - 1));
    }
}
