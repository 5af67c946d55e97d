package org.smalltolarge.selector.report;

import org.smalltolarge.charts.Html;
import org.smalltolarge.charts.Palette;
import org.smalltolarge.selector.report.SelectionReport.Gain;

/** Table cells, method names, colours and marker shapes shared by the selection report's figures and tables. */
final class Cells {
    static final String NO_GAIN_RANDOM = "a random selection is the baseline";
    static final String NO_GAIN = "no random selections to compare with";

    private Cells() {
    }

    /** "+0.123 [0.051, 0.190]" or "undefined (reason)" as HTML. */
    static String gain(Gain g, String whyNone) {
        if (g == null || g.mean() == null) {
            return Html.undefined(whyNone);
        }
        String ci = g.hasInterval()
                ? "<span class=\"ci\">[" + signed(g.low()) + ", " + signed(g.high()) + "]</span>"
                : "<span class=\"ci\">[CI " + Html.undefined("not in the report") + "]</span>";
        return signed(g.mean()) + " " + ci;
    }

    /** Why a selection has no gain. */
    static String whyNoGain(SelectionReport.Row row) {
        return row.isRandom() ? NO_GAIN_RANDOM : NO_GAIN;
    }

    /** A signed number with three decimals: +0.123, -0.045, 0.000 (plain text, safe in HTML). */
    static String signed(double v) {
        String s = Html.num(v, 3);
        return s.startsWith("-") || s.equals(Html.num(0, 3)) ? s : "+" + s;
    }

    /** A plain number cell or an en dash for null. */
    static String num(Double v, int decimals) {
        return v == null ? "&#8211;" : Html.num(v, decimals);
    }

    /** Plain text (for SVG and cards): the text, or "unknown" when the report does not say. */
    static String text(Object v) {
        return v == null ? "unknown" : String.valueOf(v);
    }

    /** How a method is called on the page; an unknown method by its own (escaped later) name. */
    static String methodName(String method) {
        if (method == null) {
            return "unknown";
        }
        return switch (method) {
            case "dsdm" -> "DsDm";
            case "dsdm_worst" -> "DsDm (worst end)";
            case "dsir" -> "DSIR";
            case "classifier" -> "quality classifier";
            case "random" -> "random";
            default -> method;
        };
    }

    /** Each method's colour, the same in both figures. */
    static String color(String method) {
        if (method == null) {
            return Palette.NEUTRAL;
        }
        return switch (method) {
            case "dsdm" -> Palette.color(0);
            case "dsdm_worst" -> Palette.color(2);
            case "dsir" -> Palette.color(4);
            case "classifier" -> Palette.color(6);
            case "random" -> Palette.NEUTRAL;
            default -> Palette.color(9);
        };
    }

    /** Each method's marker, so the figures read without colour. */
    static String shape(String method) {
        if (method == null) {
            return "circle";
        }
        return switch (method) {
            case "dsdm_worst", "classifier" -> "square";
            case "dsir" -> "triangle";
            default -> "circle";
        };
    }
}
