package org.smalltolarge.charts;

import java.util.List;

/**
 * Pieces every figure shares: the figure wrapper (heading, plot, caption, table of the plotted numbers), colour
 * legends, and the grid of small panels (one per scale) that panelled figures are laid out on.
 */
public final class Figure {
    /** Width and height of one panel of a panelled figure, axes and panel title included. */
    public static final int PANEL_WIDTH = 370;
    public static final int PANEL_HEIGHT = 290;
    /** Panels per row: three fit a 1280-pixel page next to each other. */
    public static final int MAX_COLUMNS = 3;

    private Figure() {
    }

    /**
     * A figure: heading, the plot, a caption, and the table of its numbers. Every plot has a table so the numbers
     * can be read (and copied) exactly, and the page says the same without the picture.
     *
     * @param heading plain text, escaped here
     * @param svg     the plot's markup ({@link Svg#end})
     * @param caption HTML, already escaped
     * @param table   HTML, already escaped
     */
    public static String wrap(String heading, String svg, String caption, String table) {
        return "<figure class=\"plot\"><h3>" + Html.esc(heading) + "</h3><div class=\"svgbox\">" + svg + "</div>"
                + "<figcaption>" + caption + "</figcaption>" + table + "</figure>";
    }

    /** Colour swatches with names, wrapped into rows; returns the height used. */
    public static double legend(Svg svg, List<String> names, List<String> colors, double x, double y, double width) {
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

    /** Columns of the panel grid for this many panels. */
    public static int columns(int panels) {
        return Math.max(1, Math.min(MAX_COLUMNS, panels));
    }

    /** Rows of the panel grid for this many panels (at least one, so an empty figure still has room for a note). */
    public static int rows(int panels) {
        return Math.max(1, (panels + MAX_COLUMNS - 1) / MAX_COLUMNS);
    }

    /** Rows needed by {@link #legend} for these names in this width (an upper bound). */
    public static int legendRows(List<String> names, double width) {
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
