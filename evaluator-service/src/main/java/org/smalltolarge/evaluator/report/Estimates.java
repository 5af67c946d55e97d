package org.smalltolarge.evaluator.report;

import org.smalltolarge.charts.Html;
import org.smalltolarge.evaluator.analysis.Estimate;

/** Table cells of the analysis' estimates (the figure pieces themselves are in {@link org.smalltolarge.charts}). */
final class Estimates {
    private Estimates() {
    }

    /** "0.812 [0.551, 0.970]", or "undefined (reason)" pieces, as HTML. */
    static String html(Estimate e) {
        if (e.value() == null) {
            return Html.undefined(e.reason());
        }
        String ci = e.ciLow() != null
                ? "<span class=\"ci\">[" + Html.num(e.ciLow(), 3) + ", " + Html.num(e.ciHigh(), 3) + "]</span>"
                : "<span class=\"ci\">[CI " + Html.undefined(e.ciReason()) + "]</span>";
        return Html.num(e.value(), 3) + " " + ci;
    }
}
