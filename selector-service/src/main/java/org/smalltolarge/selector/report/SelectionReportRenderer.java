package org.smalltolarge.selector.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.smalltolarge.charts.Html;
import org.smalltolarge.charts.Styles;
import org.smalltolarge.selector.domain.SelectionAnalysis;
import org.smalltolarge.selector.report.SelectionReport.Overlap;
import org.smalltolarge.selector.report.SelectionReport.Row;
import org.smalltolarge.selector.report.SelectionReport.ScaleSize;
import org.smalltolarge.selector.report.SelectionReport.Settings;

/**
 * Renders a selection's report as one self-contained HTML page, like the attribution and study reports (inline CSS
 * and SVG from the shared charts module, no script, no external resource): a header, the gain over random against
 * the proxy's compute, the holdout loss of every selection, every figure with a table of its numbers, the table of
 * all selections, their overlaps, and the methods.
 */
public final class SelectionReportRenderer {
    /** An accuracy the report does not have: the suite has no right answers, which is no fault, so not a warning. */
    private static final String NO_ACCURACY = "<span class=\"ci\">&#8211; (no right answers)</span>";

    private SelectionReportRenderer() {
    }

    /**
     * @param status the selection's status as stored ("completed", ...); null when unknown
     */
    public static String html(SelectionReport r, String status) {
        String id = Cells.text(r.selectionId());
        StringBuilder h = new StringBuilder(64 * 1024);
        Html.openPage(h, id + " \u2014 small-to-large selection");
        header(h, r, status);
        h.append("<h2 id=\"figures\">Selecting data with proxies of different sizes</h2><div class=\"figures\">")
                .append(GainFigure.render(r, "p0"))
                .append(HoldoutLossFigure.render(r, "p1"))
                .append("</div>");
        selections(h, r);
        overlaps(h, r);
        methods(h, r);
        Html.closePage(h, "Report of selection " + Html.esc(id)
                + (r.completedAt() == null ? "" : ", completed " + Html.esc(r.completedAt())));
        return h.toString();
    }

    /**
     * A page that says why there is no report (no such selection, or not completed yet), for the 404 of the HTML
     * report: a browser shows the reason rather than an empty page.
     */
    public static String notFound(String message) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>No report \u2014"
                + " small-to-large selection</title><style>" + Styles.CSS + "</style></head><body><main>"
                + "<header class=\"page\"><h1>No report</h1></header><p>" + Html.esc(message) + "</p>"
                + "</main></body></html>";
    }

    private static void header(StringBuilder h, SelectionReport r, String status) {
        Settings s = r.settings();
        h.append("<header class=\"page\"><h1>Selection report: ").append(Html.esc(Cells.text(r.selectionId())))
                .append("<span class=\"badge ").append("completed".equals(status) ? "ok" : "partial").append("\">")
                .append(Html.esc(status == null ? "status unknown" : status)).append("</span></h1>")
                .append("<p class=\"sub\">Which pool documents to train on for a target task: DsDm ranks them by")
                .append(" TRAK scores computed with proxy models of several sizes, against DSIR, a quality classifier")
                .append(" and random selections. The reference <strong>")
                .append(Html.esc(Cells.text(r.reference() == null ? null : r.reference().name())))
                .append("</strong> is trained on every selection (study <code>")
                .append(Html.esc(Cells.text(r.studyId()))).append("</code>")
                .append(r.attributionId() == null ? "" : "; DsDm&#39;s scores from attribution <code>"
                        + Html.esc(r.attributionId()) + "</code>")
                .append(") and measured on held-out items of the task.</p></header><div class=\"cards\">");
        card(h, "Suite", Html.esc(Cells.text(r.suite())), "the target task"
                + (r.targetItems() == null ? "" : "; its first " + r.targetItems() + " items guide the selection"));
        card(h, "Holdout items", r.holdoutItems() == null ? "&#8211;" : String.valueOf(r.holdoutItems()),
                "the next items: they measure every selection");
        card(h, "Pool size", r.poolSize() == null ? "&#8211;" : String.valueOf(r.poolSize()),
                "candidate documents" + (s.corpus() == null ? "" : " of corpus " + s.corpus()));
        card(h, "Selection size", r.selectionSize() == null ? "&#8211;" : String.valueOf(r.selectionSize()),
                "documents per selection");
        card(h, "Methods", String.valueOf(s.methods().size()),
                s.methods().stream().map(Cells::methodName).collect(Collectors.joining(", ")));
        card(h, "Proxy scales", String.valueOf(r.proxyScales().size()),
                r.proxyScales().stream().map(p -> Cells.text(p.name())).collect(Collectors.joining(", ")));
        card(h, "Random selections", String.valueOf(r.randomSelections().size()), "the baseline of every gain");
        card(h, "Training seeds", String.valueOf(s.trainingSeeds().size()), "runs of the reference per selection"
                + (s.trainingSeeds().isEmpty() ? "" : ": " + s.trainingSeeds().stream().map(String::valueOf)
                .collect(Collectors.joining(", "))));
        h.append("</div>");
    }

    /** @param bigHtml already escaped */
    private static void card(StringBuilder h, String label, String bigHtml, String detail) {
        h.append("<div class=\"card\"><div class=\"label\">").append(Html.esc(label))
                .append("</div><div class=\"big\">").append(bigHtml).append("</div><div class=\"label\">")
                .append(Html.esc(detail)).append("</div></div>");
    }

    /** Every selection, in the report's order. */
    private static void selections(StringBuilder h, SelectionReport r) {
        h.append("<h2 id=\"selections\">Every selection</h2><p class=\"sub\">Holdout loss and accuracy: the")
                .append(" reference trained on the selection, on the holdout items, averaged over training seeds (no")
                .append(" accuracy for a suite without right answers).")
                .append(" Gain: the random selections&#39; mean holdout loss minus this one&#39;s (positive: better")
                .append(" than random), with its 95% bootstrap interval.</p><table><thead><tr><th>Selection</th>")
                .append("<th>Method</th><th>Proxy scale</th><th>Documents</th><th>Holdout loss</th>")
                .append("<th>Accuracy</th><th>Gain over random [95% CI]</th><th>Rule</th></tr></thead><tbody>");
        for (Row s : r.selections()) {
            h.append(s.isRandom() ? "<tr class=\"ceilingrow\">" : "<tr>").append("<td>").append(Html.esc(s.name()))
                    .append("</td><td>").append(Html.esc(Cells.methodName(s.method()))).append("</td><td>")
                    .append(s.proxyScale() == null ? "&#8211;" : Html.esc(s.proxyScale()))
                    .append("</td><td class=\"num\">").append(s.documents() == null ? "&#8211;" : s.documents())
                    .append("</td><td class=\"num\">")
                    .append(s.holdoutLoss() == null ? Html.undefined("not in the report")
                            : Html.num(s.holdoutLoss(), 3))
                    .append("</td><td class=\"num\">")
                    .append(s.accuracy() == null ? NO_ACCURACY : Html.num(s.accuracy(), 3))
                    .append("</td><td>").append(s.isRandom() ? "<span class=\"ci\">baseline</span>"
                            : Cells.gain(s.gain(), Cells.NO_GAIN))
                    .append("</td><td>").append(Html.esc(s.rule() == null ? "" : s.rule())).append("</td></tr>");
        }
        h.append("</tbody></table>");
    }

    /** The Jaccard overlaps as a symmetric matrix of the non-random selections. */
    private static void overlaps(StringBuilder h, SelectionReport r) {
        h.append("<h2 id=\"overlaps\">Overlaps</h2><p class=\"sub\">Jaccard similarity of two selections&#39;")
                .append(" documents, |A &#8745; B| / |A &#8746; B|: 1 is the same set, 0 disjoint. Random")
                .append(" selections are left out.</p>");
        if (r.overlaps().isEmpty()) {
            h.append("<p>No pairs: the report has fewer than two selections that are not random.</p>");
            return;
        }
        List<String> names = new ArrayList<>();
        r.selections().stream().filter(s -> !s.isRandom()).map(Row::name).forEach(names::add);
        Map<String, Double> pairs = new HashMap<>();
        for (Overlap o : r.overlaps()) {
            for (String name : new String[] {o.a(), o.b()}) {
                if (!names.contains(name)) {
                    names.add(name);
                }
            }
            pairs.put(key(o.a(), o.b()), o.jaccard());
            pairs.put(key(o.b(), o.a()), o.jaccard());
        }
        h.append("<table><thead><tr><th></th>");
        names.forEach(n -> h.append("<th>").append(Html.esc(Cells.text(n))).append("</th>"));
        h.append("</tr></thead><tbody>");
        for (String a : names) {
            h.append("<tr><th>").append(Html.esc(Cells.text(a))).append("</th>");
            for (String b : names) {
                String k = key(a, b);
                h.append(a.equals(b) || !pairs.containsKey(k) ? "<td>&#8211;</td>"
                        : "<td class=\"num\">" + Cells.num(pairs.get(k), 3) + "</td>");
            }
            h.append("</tr>");
        }
        h.append("</tbody></table>");
    }

    private static String key(String a, String b) {
        return a + "\u0000" + b;
    }

    private static void methods(StringBuilder h, SelectionReport r) {
        Settings s = r.settings();
        String size = Html.esc(Cells.text(r.selectionSize()));
        ScaleSize ref = r.reference();
        h.append("<h2 id=\"methods\">Methods</h2><ol class=\"methods\">")
                .append("<li>Pool and task: ").append(Html.esc(Cells.text(r.poolSize())))
                .append(" candidate documents of corpus <code>").append(Html.esc(Cells.text(s.corpus())))
                .append("</code>. The first ").append(Html.esc(Cells.text(r.targetItems())))
                .append(" items of suite <code>").append(Html.esc(Cells.text(r.suite())))
                .append("</code> guide the selection (targets); the next ")
                .append(Html.esc(Cells.text(r.holdoutItems()))).append(" measure it (holdout). Every method")
                .append(" selects ").append(size).append(" documents.</li>")
                .append("<li>DsDm (Engstrom et al., 2024): the attribution service&#39;s TRAK scores of every pool")
                .append(" document for every target, computed at each proxy scale with an ensemble of ")
                .append(Html.esc(Cells.text(s.dsdmEnsemble()))).append(" models (")
                .append(Html.esc(Cells.text(s.projectionKind()))).append(" projection, k = ")
                .append(Html.esc(Cells.text(s.projectionK()))).append(", ridge &#955; = ")
                .append(Html.esc(Cells.text(s.ridgeLambda()))).append(", output ")
                .append(Html.esc(Cells.text(s.output()))).append("), averaged over the targets. DsDm keeps the ")
                .append(size).append(" highest (predicted to lower the targets&#39; loss most), its worst end the")
                .append(" lowest. A proxy model&#39;s training compute is 6 &#215; parameters &#215; tokens.</li>")
                .append("<li>Baselines: DSIR (Xie et al., 2023), importance weights of hashed unigrams and bigrams (")
                .append(Html.esc(Cells.text(s.ngramBuckets()))).append(" buckets) drawn without replacement; a")
                .append(" GPT-3-style quality classifier (logistic regression of target against pool, Pareto keep")
                .append(" rule); ").append(Html.esc(Cells.text(s.randomSelections())))
                .append(" uniform random selections. All seeded by the request (seed ")
                .append(Html.esc(Cells.text(s.seed()))).append("); each selection&#39;s rule is in the table.</li>")
                .append("<li>Training: the reference <code>").append(Html.esc(Cells.text(ref == null ? null
                        : ref.name()))).append("</code>")
                .append(ref == null || ref.parameters() == null ? "" : " (" + Html.count(ref.parameters())
                        + " parameters" + (ref.tokens() == null ? "" : ", " + Html.count(ref.tokens()) + " tokens")
                        + ")")
                .append(" is trained on every selection once per training seed (")
                .append(Html.esc(s.trainingSeeds().isEmpty() ? "unknown" : s.trainingSeeds().stream()
                        .map(String::valueOf).collect(Collectors.joining(", "))))
                .append(") through the trainer, study <code>").append(Html.esc(Cells.text(r.studyId())))
                .append("</code>, and scored by the evaluator on the holdout items.</li>")
                .append("<li>Loss, accuracy and gain: each holdout item&#39;s loss is averaged over the training")
                .append(" seeds; a selection&#39;s holdout loss is the mean over items, its accuracy the share of")
                .append(" items answered right over items and seeds (undefined for suites without right answers).")
                .append(" The gain over random is, per holdout item, the random selections&#39; mean loss minus")
                .append(" the selection&#39;s, averaged over the holdout items: positive means better than random.")
                .append(" Its 95% interval is a percentile bootstrap that resamples holdout items and random")
                .append(" selections together (both with replacement), ")
                .append(String.format(Locale.ROOT, "%,d", SelectionAnalysis.RESAMPLES))
                .append(" draws, seeded by the request, so it covers both the holdout&#39;s noise and how much")
                .append(" random selections differ. Random selections themselves have no gain.</li>")
                .append("<li>Overlap: the Jaccard similarity of the document sets of every pair of selections that")
                .append(" are not random.</li></ol>");
    }
}
