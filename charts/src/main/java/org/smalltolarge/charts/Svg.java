package org.smalltolarge.charts;

import java.util.Locale;

/**
 * Writes one inline SVG plot. Each plot is an {@code <svg role="img">} with a {@code <title>} and
 * {@code <desc>} for screen readers and a {@code data-plot} attribute naming the kind of plot (tests and readers
 * find plots by it). Styling is by CSS class (see {@link Styles}); only data colours are inline, so one stylesheet
 * serves every page.
 *
 * <p>Coordinates are pixels inside the plot's view box (map data through {@link PlotArea}); every number is written
 * with one decimal, which is finer than a screen shows and keeps pages small and byte-stable. Text arguments are
 * plain text and escaped here; class names and colours are the caller's constants and are written as given.
 */
public final class Svg {
    private final StringBuilder b = new StringBuilder(4096);

    /**
     * @param plot  the kind of plot, written as {@code data-plot}
     * @param suite what the plot is about (a test set, a scale...), written as {@code data-suite}; null for none
     * @param id    unique on the page (ids of the title and description derive from it); letters, digits, dashes
     * @param title short accessible name
     * @param desc  one or two sentences saying what is drawn
     */
    public Svg(int width, int height, String plot, String suite, String id, String title, String desc) {
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" data-plot=\"").append(Html.esc(plot)).append('"');
        if (suite != null) {
            b.append(" data-suite=\"").append(Html.esc(suite)).append('"');
        }
        b.append(" aria-labelledby=\"").append(id).append("-t ").append(id).append("-d\">")
                .append("<title id=\"").append(id).append("-t\">").append(Html.esc(title)).append("</title>")
                .append("<desc id=\"").append(id).append("-d\">").append(Html.esc(desc)).append("</desc>");
    }

    /** A coordinate as written: one decimal, locale-independent. */
    public static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** A line styled by class only (grid, ticks, guides). */
    public Svg line(double x1, double y1, double x2, double y2, String cls) {
        b.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append("\" class=\"").append(cls).append("\"/>");
        return this;
    }

    /** A line in a data colour (a series' guide, a threshold). */
    public Svg coloredLine(double x1, double y1, double x2, double y2, String cls, String color) {
        b.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append("\" class=\"").append(cls).append("\" stroke=\"")
                .append(color).append("\"/>");
        return this;
    }

    /**
     * A rectangle; {@code fill} null leaves the fill to the class, {@code tooltip} null adds no hover text.
     */
    public Svg rect(double x, double y, double w, double h, String cls, String fill, String tooltip) {
        b.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append("\" class=\"").append(cls).append('"');
        if (fill != null) {
            b.append(" fill=\"").append(fill).append('"');
        }
        return closeWithTooltip("rect", tooltip);
    }

    /** A marker: circle, square or triangle, so series stay apart without colour. */
    public Svg marker(String shape, double x, double y, double size, String color, String tooltip) {
        switch (shape) {
            case "square" -> b.append("<rect x=\"").append(n(x - size)).append("\" y=\"").append(n(y - size))
                    .append("\" width=\"").append(n(2 * size)).append("\" height=\"").append(n(2 * size)).append('"');
            case "triangle" -> b.append("<path d=\"M").append(n(x)).append(' ').append(n(y - size * 1.2))
                    .append("L").append(n(x + size * 1.1)).append(' ').append(n(y + size * 0.8)).append("L")
                    .append(n(x - size * 1.1)).append(' ').append(n(y + size * 0.8)).append("Z\"");
            default -> b.append("<circle cx=\"").append(n(x)).append("\" cy=\"").append(n(y)).append("\" r=\"")
                    .append(n(size)).append('"');
        }
        b.append(" class=\"marker\" fill=\"").append(color).append('"');
        return closeWithTooltip(shape.equals("triangle") ? "path" : shape.equals("square") ? "rect" : "circle",
                tooltip);
    }

    /** Joins the points in the order given (callers sort by x). */
    public Svg polyline(double[] xs, double[] ys, String cls, String color) {
        b.append("<polyline class=\"").append(cls).append("\" stroke=\"").append(color).append("\" points=\"");
        for (int i = 0; i < xs.length; i++) {
            b.append(i == 0 ? "" : " ").append(n(xs[i])).append(',').append(n(ys[i]));
        }
        b.append("\"/>");
        return this;
    }

    /**
     * A vertical interval from {@code yLow} to {@code yHigh} at {@code x} with 3-pixel caps: a confidence interval
     * around a point. Drawn before the point's marker so the marker stays on top.
     */
    public Svg errorBar(double x, double yLow, double yHigh, String color) {
        coloredLine(x, yLow, x, yHigh, "errorbar", color);
        coloredLine(x - 3, yLow, x + 3, yLow, "errorbar", color);
        return coloredLine(x - 3, yHigh, x + 3, yHigh, "errorbar", color);
    }

    /** Text at (x, y) with {@code anchor} "start", "middle" or "end". */
    public Svg text(double x, double y, String text, String anchor, String cls) {
        b.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" text-anchor=\"").append(anchor)
                .append("\" class=\"").append(cls).append("\">").append(Html.esc(text)).append("</text>");
        return this;
    }

    /** Text turned 90 degrees counter-clockwise around its anchor (y-axis titles). */
    public Svg verticalText(double x, double y, String text, String cls) {
        b.append("<text transform=\"translate(").append(n(x)).append(',').append(n(y))
                .append(") rotate(-90)\" text-anchor=\"middle\" class=\"").append(cls).append("\">")
                .append(Html.esc(text)).append("</text>");
        return this;
    }

    /** Opens a {@code <g>} with a class; close it with {@link #closeGroup}. */
    public Svg openGroup(String cls) {
        b.append("<g class=\"").append(cls).append("\">");
        return this;
    }

    public Svg closeGroup() {
        b.append("</g>");
        return this;
    }

    private Svg closeWithTooltip(String element, String tooltip) {
        if (tooltip == null) {
            b.append("/>");
        } else {
            b.append("><title>").append(Html.esc(tooltip)).append("</title></").append(element).append('>');
        }
        return this;
    }

    /** Closes the plot and returns its markup; the writer is not used afterwards. */
    public String end() {
        return b.append("</svg>").toString();
    }
}
