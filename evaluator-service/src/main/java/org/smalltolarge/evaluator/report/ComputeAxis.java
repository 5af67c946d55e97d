package org.smalltolarge.evaluator.report;

import java.util.List;
import java.util.Locale;
import org.smalltolarge.charts.Axis;
import org.smalltolarge.charts.Html;
import org.smalltolarge.charts.PlotArea;
import org.smalltolarge.charts.Svg;
import org.smalltolarge.evaluator.analysis.ScaleComparison;

/**
 * The x axis of the plots against compute, read as the paper reads them: a proxy's training FLOPs per run on a log
 * scale, increasing to the right and ending at the reference's, with each proxy's share of the reference's compute
 * ("1/26") written at its position.
 */
final class ComputeAxis {
    static final String TITLE = "proxy training compute per run (FLOPs, log scale)";

    private ComputeAxis() {
    }

    /** From the cheapest proxy to the reference (proxy flops x compute ratio). */
    static Axis of(List<ScaleComparison> comparisons) {
        double lo = comparisons.stream().mapToDouble(ScaleComparison::proxyFlops).min().orElseThrow();
        double hi = comparisons.stream().mapToDouble(c -> c.proxyFlops() * c.computeRatio()).max().orElseThrow();
        return Axis.log10(lo, Math.max(hi, lo), Html::flopsText);
    }

    /** The reference's compute as a dashed line, and each proxy's share of it above the data. */
    static void annotate(Svg svg, PlotArea area, Axis x, List<ScaleComparison> comparisons) {
        double referenceFlops = comparisons.get(0).proxyFlops() * comparisons.get(0).computeRatio();
        double rx = area.x(x, referenceFlops);
        svg.line(rx, area.top(), rx, area.bottom(), "ceiling");
        svg.text(rx - 3, area.bottom() - 6, "reference", "end", "note");
        for (ScaleComparison c : comparisons) {
            svg.text(area.x(x, c.proxyFlops()), area.top() - 5, fraction(c.computeRatio()), "middle", "note");
        }
    }

    /** A compute ratio (reference / proxy) as the proxy's share of the reference's compute: 26 is "1/26". */
    static String fraction(double computeRatio) {
        if (!(computeRatio > 0) || !Double.isFinite(computeRatio)) {
            return "?";
        }
        if (Math.abs(computeRatio - 1) < 1e-9) {
            return "1";
        }
        return computeRatio >= 10 ? String.format(Locale.ROOT, "1/%.0f", computeRatio)
                : String.format(Locale.ROOT, "1/%.1f", computeRatio);
    }

    /** "1/26 of reference compute": for hover texts and tables. */
    static String share(double computeRatio) {
        return fraction(computeRatio) + " of reference compute";
    }
}
