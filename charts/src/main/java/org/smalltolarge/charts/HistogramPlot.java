package org.smalltolarge.charts;

import org.smalltolarge.stats.Histogram;

/**
 * A histogram panel: the bars of a {@link Histogram} (empty bins leave a gap) over a fixed x axis, counts on a
 * linear y axis from 0, and optionally the median as a dashed line. Used for distributions of per-example or
 * per-target statistics, one panel per scale.
 */
public final class HistogramPlot {
    private HistogramPlot() {
    }

    /**
     * Draws the axes and the bars; each bar's hover text gives its bin and count.
     *
     * @param x    the value axis; it should cover the histogram's range (e.g. {@code Axis.fixed(-1, 1, 0.5, 1)})
     * @param unit what is counted, for hover texts: "example(s)"
     */
    public static void draw(Svg svg, PlotArea area, Histogram h, Axis x, String xTitle, String yTitle, String color,
                            String unit) {
        int maxCount = h.counts().stream().mapToInt(Integer::intValue).max().orElse(0);
        Axis y = Axis.linear(0, Math.max(1, maxCount), 4);
        area.drawAxes(svg, x, y, xTitle, yTitle);
        for (int i = 0; i < h.counts().size(); i++) {
            int count = h.counts().get(i);
            if (count == 0) {
                continue;
            }
            double x0 = area.x(x, h.edges().get(i));
            double x1 = area.x(x, h.edges().get(i + 1));
            double top = area.y(y, count);
            // a pixel of gap between neighbours, and never narrower than half a pixel, so every bar shows
            svg.rect(x0 + 0.5, top, Math.max(0.5, x1 - x0 - 1), area.bottom() - top, "bar", color,
                    "[" + Html.num(h.edges().get(i), 2) + ", " + Html.num(h.edges().get(i + 1), 2) + "): " + count
                            + " " + unit);
        }
    }

    /**
     * The median as a dashed vertical line labelled "median 0.42", or, when it is null (nothing defined to count),
     * {@code noneNote} in the middle of the panel, so an empty panel says why it is empty.
     */
    public static void markMedian(Svg svg, PlotArea area, Axis x, Double median, String noneNote) {
        if (median != null) {
            double mx = area.x(x, median);
            svg.line(mx, area.top(), mx, area.bottom(), "median");
            svg.text(mx - 4, area.top() + 14, "median " + Html.num(median, 2), "end", "note");
        } else {
            svg.text(area.left() + area.width() / 2, area.top() + area.height() / 2, noneNote, "middle", "note");
        }
    }
}
