package org.smalltolarge.charts;

/**
 * The data rectangle of a plot (inside the axes, in pixels of the plot's view box) and the drawing of its frame,
 * grid, ticks and axis titles. Leave about 70 pixels left of it and 40 below for tick labels and axis titles.
 */
public record PlotArea(double left, double top, double width, double height) {

    /** The pixel x of data value {@code v}. */
    public double x(Axis axis, double v) {
        return left + axis.fraction(v) * width;
    }

    /** The pixel y of data value {@code v} (SVG y grows downwards). */
    public double y(Axis axis, double v) {
        return top + height - axis.fraction(v) * height;
    }

    public double right() {
        return left + width;
    }

    public double bottom() {
        return top + height;
    }

    /** Whether a pixel lies in the rectangle, give or take half a pixel of rounding. */
    public boolean contains(double px, double py) {
        return px >= left - 0.5 && px <= right() + 0.5 && py >= top - 0.5 && py <= bottom() + 0.5;
    }

    /** Grid lines at the ticks, the frame, tick labels and axis titles. */
    public void drawAxes(Svg svg, Axis xAxis, Axis yAxis, String xTitle, String yTitle) {
        svg.openGroup("grid");
        for (double t : xAxis.ticks) {
            svg.line(x(xAxis, t), top, x(xAxis, t), bottom(), "gridline");
        }
        for (double t : yAxis.ticks) {
            svg.line(left, y(yAxis, t), right(), y(yAxis, t), "gridline");
        }
        svg.closeGroup();
        svg.rect(left, top, width, height, "frame", null, null);
        for (double t : xAxis.ticks) {
            svg.line(x(xAxis, t), bottom(), x(xAxis, t), bottom() + 4, "tick");
            svg.text(x(xAxis, t), bottom() + 16, xAxis.label(t), "middle", "ticklabel");
        }
        for (double t : yAxis.ticks) {
            svg.line(left - 4, y(yAxis, t), left, y(yAxis, t), "tick");
            svg.text(left - 7, y(yAxis, t) + 4, yAxis.label(t), "end", "ticklabel");
        }
        svg.text(left + width / 2, bottom() + 34, xTitle, "middle", "axistitle");
        svg.verticalText(left - 44, top + height / 2, yTitle, "axistitle");
    }
}
