package org.smalltolarge.evaluator.report;

import java.util.List;
import org.smalltolarge.evaluator.analysis.Estimate;

/** Shared pieces of figures: the figure wrapper, legends, estimate cells, panel grids. */
final class Figure {
    static final int PANEL_WIDTH = 370;
    static final int PANEL_HEIGHT = 290;
    static final int MAX_COLUMNS = 3;

    private Figure() {
    }

    /** A figure: heading, the plot, a caption, and the table of its numbers. */
    static String wrap(String heading, String svg, String caption, String table) {
        return "<figure class=\"plot\"><h3>" + Html.esc(heading) + "</h3><div class=\"svgbox\">" + svg + "</div>"
                + "<figcaption>" + caption + "</figcaption>" + table + "</figure>";
    }

    /** "0.812 [0.551, 0.970]", or "undefined (reason)" pieces, as HTML. */
    static String estimate(Estimate e) {
        if (e.value() == null) {
            return Html.undefined(e.reason());
        }
        String ci = e.ciLow() != null
                ? "<span class=\"ci\">[" + Html.num(e.ciLow(), 3) + ", " + Html.num(e.ciHigh(), 3) + "]</span>"
                : "<span class=\"ci\">[CI " + Html.undefined(e.ciReason()) + "]</span>";
        return Html.num(e.value(), 3) + " " + ci;
    }

    /** Colour swatches with names, wrapped into rows; returns the height used. */
    static double legend(Svg svg, List<String> names, List<String> colors, double x, double y, double width) {
        double cx = x;
        double cy = y;
        for (int i = 0; i < names.size(); i++) {
            double w = 26 + 7.2 * names.get(i).length();
            if (cx + w > x + width && cx > x) {
                cx = x;
                cy += 18;
            }
            svg.marker("circle", cx + 6, cy - 4, 5, colors.get(i), null);
            svg.text(cx + 15, cy, names.get(i), "start", "legend");
            cx += w;
        }
        return cy - y + 18;
    }

    static int columns(int panels) {
        return Math.max(1, Math.min(MAX_COLUMNS, panels));
    }

    static int rows(int panels) {
        return Math.max(1, (panels + MAX_COLUMNS - 1) / MAX_COLUMNS);
    }

    /** Rows needed by {@link #legend} for these names in this width (an upper bound). */
    static int legendRows(List<String> names, double width) {
        double cx = 0;
        int rows = 1;
        for (String name : names) {
            double w = 26 + 7.2 * name.length();
            if (cx + w > width && cx > 0) {
                cx = 0;
                rows++;
            }
            cx += w;
        }
        return rows;
    }
}
