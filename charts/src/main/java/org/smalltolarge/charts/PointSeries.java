package org.smalltolarge.charts;

import java.util.ArrayList;
import java.util.List;

/**
 * One series of an x/y plot: points with optional confidence intervals drawn as error bars, joined by a line in x
 * order, each with a marker and a hover text. The reports plot a statistic against compute or ensemble size this
 * way, several series to a plot.
 */
public final class PointSeries {

    /**
     * A point in data coordinates.
     *
     * @param low     lower end of its interval, null for none (then {@code high} is ignored)
     * @param high    upper end of its interval, null for none
     * @param tooltip plain text shown on hover
     */
    public record Point(double x, double y, Double low, Double high, String tooltip) {
    }

    private PointSeries() {
    }

    /**
     * Draws the error bars in the order given, then the joining line and the markers in x order (so markers sit on
     * top of bars and line).
     *
     * @param dx    pixels to shift the whole series sideways, so that the bars of several series at the same x stay
     *              apart
     * @param shape a {@link Svg#marker} shape: each series gets its own, so the plot reads without colour
     */
    public static void draw(Svg svg, PlotArea area, Axis xAxis, Axis yAxis, List<Point> points, double dx,
                            String shape, double size, String color) {
        List<double[]> placed = new ArrayList<>(); // {px, py, index}
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            double px = area.x(xAxis, p.x()) + dx;
            if (p.low() != null && p.high() != null) {
                svg.errorBar(px, area.y(yAxis, p.low()), area.y(yAxis, p.high()), color);
            }
            placed.add(new double[] {px, area.y(yAxis, p.y()), i});
        }
        placed.sort((a, b) -> Double.compare(a[0], b[0])); // stable: points at the same x keep their order
        if (placed.size() > 1) {
            svg.polyline(placed.stream().mapToDouble(p -> p[0]).toArray(), placed.stream().mapToDouble(p -> p[1])
                    .toArray(), "series", color);
        }
        for (double[] p : placed) {
            svg.marker(shape, p[0], p[1], size, color, points.get((int) p[2]).tooltip());
        }
    }
}
