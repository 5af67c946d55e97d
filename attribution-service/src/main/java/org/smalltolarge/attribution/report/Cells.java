package org.smalltolarge.attribution.report;

import java.util.List;
import java.util.Objects;
import org.smalltolarge.charts.Html;
import org.smalltolarge.contracts.events.AttributionCompleted.LdsValue;

/** Table cells and small value rules shared by the attribution report's figures. */
final class Cells {
    static final String NO_CI = "fewer than half the resamples defined";

    private Cells() {
    }

    /** The value when it is a finite number, else null: the one gate before any formatting or plotting. */
    static Double finite(Double v) {
        return v != null && Double.isFinite(v) ? v : null;
    }

    static Double mean(LdsValue v) {
        return v == null ? null : finite(v.mean());
    }

    /** Whether the LDS has both ends of its interval (finite). */
    static boolean hasInterval(LdsValue v) {
        return v != null && finite(v.low()) != null && finite(v.high()) != null;
    }

    /** "0.123 [0.051, 0.190]" or "undefined (reason)" as HTML; {@code whyNone} says why a mean is missing. */
    static String lds(LdsValue v, String whyNone) {
        Double mean = mean(v);
        if (mean == null) {
            return Html.undefined(v == null ? "not in the report" : whyNone);
        }
        String ci = hasInterval(v)
                ? "<span class=\"ci\">[" + Html.num(v.low(), 3) + ", " + Html.num(v.high(), 3) + "]</span>"
                : "<span class=\"ci\">[CI " + Html.undefined(NO_CI) + "]</span>";
        return Html.num(mean, 3) + " " + ci;
    }

    /** The share of defined targets significant at 5%, and how many targets were defined. */
    static String significance(LdsValue v) {
        if (v == null || finite(v.significantShare()) == null) {
            return "&#8211;";
        }
        return Html.num(100 * v.significantShare(), 0) + "% <span class=\"ci\">of " + v.targets() + "</span>";
    }

    /** A plain number cell or an en dash for null. */
    static String num(Double v, int decimals) {
        Double f = finite(v);
        return f == null ? "&#8211;" : Html.num(f, decimals);
    }

    /** The finite values of a list (the per-target lists hold null where a value is undefined). */
    static double[] defined(List<Double> values) {
        return values == null ? new double[0]
                : values.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue)
                        .filter(Double::isFinite).toArray();
    }

    /** Plain text (for SVG): the text, or "unknown" when the report does not say. */
    static String text(Object v) {
        return v == null ? "unknown" : String.valueOf(v);
    }
}
