package org.smalltolarge.evaluator.report;

import java.util.Locale;

/**
 * Writes one inline SVG plot. Each plot is an {@code <svg role="img">} with a {@code <title>} and
 * {@code <desc>} for screen readers and a {@code data-plot} attribute naming the kind of plot. Styling is by CSS
 * class (see {@link Styles}); only data colours are inline.
 */
final class Svg {
    private final StringBuilder b = new StringBuilder(4096);

    Svg(int width, int height, String plot, String suite, String id, String title, String desc) {
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

    static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    Svg line(double x1, double y1, double x2, double y2, String cls) {
        b.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append("\" class=\"").append(cls).append("\"/>");
        return this;
    }

    Svg coloredLine(double x1, double y1, double x2, double y2, String cls, String color) {
        b.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append("\" class=\"").append(cls).append("\" stroke=\"")
                .append(color).append("\"/>");
        return this;
    }

    Svg rect(double x, double y, double w, double h, String cls, String fill, String tooltip) {
        b.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append("\" class=\"").append(cls).append('"');
        if (fill != null) {
            b.append(" fill=\"").append(fill).append('"');
        }
        return closeWithTooltip("rect", tooltip);
    }

    /** A marker: circle, square or triangle, so series stay apart without colour. */
    Svg marker(String shape, double x, double y, double size, String color, String tooltip) {
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

    Svg polyline(double[] xs, double[] ys, String cls, String color) {
        b.append("<polyline class=\"").append(cls).append("\" stroke=\"").append(color).append("\" points=\"");
        for (int i = 0; i < xs.length; i++) {
            b.append(i == 0 ? "" : " ").append(n(xs[i])).append(',').append(n(ys[i]));
        }
        b.append("\"/>");
        return this;
    }

    Svg text(double x, double y, String text, String anchor, String cls) {
        b.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" text-anchor=\"").append(anchor)
                .append("\" class=\"").append(cls).append("\">").append(Html.esc(text)).append("</text>");
        return this;
    }

    /** Text turned 90 degrees counter-clockwise around its anchor (y-axis titles). */
    Svg verticalText(double x, double y, String text, String cls) {
        b.append("<text transform=\"translate(").append(n(x)).append(',').append(n(y))
                .append(") rotate(-90)\" text-anchor=\"middle\" class=\"").append(cls).append("\">")
                .append(Html.esc(text)).append("</text>");
        return this;
    }

    Svg openGroup(String cls) {
        b.append("<g class=\"").append(cls).append("\">");
        return this;
    }

    Svg closeGroup() {
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

    String end() {
        return b.append("</svg>").toString();
    }
}
