package org.smalltolarge.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A numeric axis (linear or base-10 log) with round tick values; maps data to a 0..1 fraction, which
 * {@link PlotArea} turns into pixels. Immutable, so the fields are public: figures read the range (to clip a guide
 * line) and the ticks (to draw their own grid).
 */
public final class Axis {
    /** The axis' range after widening to round ticks (a log axis: whole decades). */
    public final double min;
    public final double max;
    public final boolean log;
    /** Tick values from min to max, unmodifiable. */
    public final List<Double> ticks;
    private final DoubleFunction<String> labeller;

    private Axis(double min, double max, boolean log, List<Double> ticks, DoubleFunction<String> labeller) {
        this.min = min;
        this.max = max;
        this.log = log;
        this.ticks = List.copyOf(ticks);
        this.labeller = labeller;
    }

    /** A linear axis over at least [lo, hi], widened to round tick values (about {@code target} ticks). */
    public static Axis linear(double lo, double hi, int target) {
        if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
            double pad = Math.max(0.05, Math.abs(hi) * 0.05);
            lo -= pad;
            hi += pad;
        }
        double step = niceStep((hi - lo) / target);
        double min = Math.floor(lo / step + 1e-9) * step;
        double max = Math.ceil(hi / step - 1e-9) * step;
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; min + i * step <= max + step * 1e-6; i++) {
            ticks.add(min + i * step);
        }
        int leading = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        double scaled = step * Math.pow(10, leading);
        // a step of 0.25 needs two decimals, not one: with one, 0.25 and 0.75 would read "0.3" and "0.8"
        int decimals = Math.abs(scaled - Math.rint(scaled)) > 1e-6 ? leading + 1 : leading;
        return new Axis(min, max, false, ticks, v -> Html.num(v, decimals));
    }

    /** A linear axis over exactly [min, max] with the given ticks. */
    public static Axis fixed(double min, double max, double step, int decimals) {
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; min + i * step <= max + step * 1e-6; i++) {
            ticks.add(min + i * step);
        }
        return new Axis(min, max, false, ticks, v -> Html.num(v, decimals));
    }

    /**
     * A log axis from the decade at or below lo to the decade at or above hi; 2 and 5 ticks in short ranges.
     *
     * @throws IllegalArgumentException when lo or hi is not positive (a log axis cannot show them)
     */
    public static Axis log10(double lo, double hi, DoubleFunction<String> labeller) {
        if (!(lo > 0 && hi > 0)) {
            throw new IllegalArgumentException("a log axis needs positive values, got " + lo + ", " + hi);
        }
        double a = Math.floor(Math.log10(lo) + 1e-9);
        double b = Math.ceil(Math.log10(hi) - 1e-9);
        if (b <= a) {
            b = a + 1;
        }
        List<Double> ticks = new ArrayList<>();
        for (int e = (int) a; e <= (int) b; e++) {
            double decade = Math.pow(10, e);
            ticks.add(decade);
            if (b - a <= 2 && e < b) {
                ticks.add(2 * decade);
                ticks.add(5 * decade);
            }
        }
        return new Axis(Math.pow(10, a), Math.pow(10, b), true, ticks, labeller);
    }

    /**
     * A log axis over exactly [min, max] with ticks where the caller wants them: for a few measured x values (1, 2,
     * 5, 10, 16 models) ticks at those values read better than whole decades, which would leave most of the plot
     * empty. Ticks outside the range are dropped.
     *
     * @throws IllegalArgumentException when min is not positive or max is not above min
     */
    public static Axis log10(double min, double max, List<Double> ticks, DoubleFunction<String> labeller) {
        if (!(min > 0 && max > min)) {
            throw new IllegalArgumentException("a log axis needs 0 < min < max, got " + min + ", " + max);
        }
        return new Axis(min, max, true, ticks.stream().filter(t -> t >= min && t <= max).toList(), labeller);
    }

    /** Where {@code v} lies from min (0) to max (1); outside 0..1 for values outside the range. */
    public double fraction(double v) {
        if (log) {
            return (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
        }
        return (v - min) / (max - min);
    }

    /** The tick label of {@code v}. */
    public String label(double v) {
        return labeller.apply(v);
    }

    private static double niceStep(double raw) {
        double exp = Math.floor(Math.log10(raw));
        double base = Math.pow(10, exp);
        double f = raw / base;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
        return nice * base;
    }

    /** Labels for compute ratios: 1×, 10×, 100×, 1000×, 1e4×. */
    public static String ratioLabel(double v) {
        if (v >= 1 && v < 1e5) {
            return String.format(Locale.ROOT, "%.0f\u00d7", v);
        }
        return String.format(Locale.ROOT, "%.0e\u00d7", v).replace("e+0", "e").replace("e-0", "e-");
    }
}
