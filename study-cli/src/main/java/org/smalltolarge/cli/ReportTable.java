package org.smalltolarge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.smalltolarge.contracts.events.StudyAnalyzed;

/**
 * The results table: per test set, how well each proxy scale's per-distribution losses track the reference's
 * (Pearson, Spearman, R^2 with their bootstrap intervals), how much cheaper the proxy is, and the cheapest proxy
 * good enough (the recommendation); a partial analysis says how many runs it covers and which are missing. Reads the
 * evaluator's report JSON as a tree (snake_case, see evaluator-service analysis.StudyAnalysis) so this
 * program does not depend on the evaluator.
 */
public final class ReportTable {
    private static final String ROW = "  %-12s %10s  %-22s %-22s %-22s";

    private ReportTable() {
    }

    public static List<String> render(JsonNode report) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "Study %s: reference scale %s, %d distributions, proxies %s%s",
                text(report, "study_id"), text(report, "reference_scale"), report.path("distributions").size(),
                joined(report.path("proxy_scales")), report.path("complete").asBoolean(false) ? "" : " (PARTIAL)"));
        if (!report.path("complete").asBoolean(false)) {
            lines.add("PARTIAL: " + partial(report) + "; the figures will change as the other runs finish.");
        }
        for (JsonNode suite : report.path("suites")) {
            lines.add("");
            lines.add(String.format(Locale.ROOT, "%s (%s, %d items)", text(suite, "suite"), text(suite, "kind"),
                    suite.path("items").asInt()));
            lines.add(String.format(Locale.ROOT, ROW, "proxy", "compute", "Pearson [CI]", "Spearman [CI]",
                    "R^2 [CI]"));
            List<String> notes = new ArrayList<>();
            for (JsonNode c : suite.path("comparisons")) {
                String scale = text(c, "scale");
                String ratio = ratio(c.path("compute_ratio"));
                if (!c.path("reason").isNull() && !c.path("reason").isMissingNode()) {
                    lines.add(String.format(Locale.ROOT, "  %-12s %10s  undefined: %s", scale, ratio,
                            c.path("reason").asText()));
                    continue;
                }
                lines.add(String.format(Locale.ROOT, ROW, scale, ratio, estimate(c.path("pearson"), scale, "Pearson", notes),
                        estimate(c.path("spearman"), scale, "Spearman", notes), estimate(c.path("r2"), scale, "R^2", notes)));
            }
            JsonNode ceiling = suite.path("reference_noise_ceiling");
            if (ceiling.isObject()) {
                lines.add(ceiling.path("mean_pearson").isNumber()
                        ? String.format(Locale.ROOT, "  %-12s %10s  %-22s %-22s %-22s", "ref vs ref", "1/1",
                                number(ceiling.path("mean_pearson")), number(ceiling.path("mean_spearman")),
                                number(ceiling.path("mean_r2"))) + " (noise ceiling, reference seeds)"
                        : "  noise ceiling undefined: " + ceiling.path("reason").asText("?"));
            }
            notes.forEach(n -> lines.add("    " + n));
            String cut = itemsCut(suite.path("items_cut"));
            if (cut != null) {
                lines.add("  " + cut);
            }
            JsonNode recommendation = suite.path("recommendation");
            if (recommendation.isObject()) {
                lines.add("  " + recommendation(recommendation));
            }
        }
        lines.add("");
        lines.add("compute = a proxy run's training FLOPs relative to one reference run (1/100: 100x cheaper).");
        return lines.stream().map(String::stripTrailing).toList();
    }

    /** "12 of 24 runs analysed, missing xs 3 of 6, ref 1 of 6": the planned runs by scale, from the ledger. */
    static String partial(JsonNode report) {
        Map<String, int[]> byScale = new LinkedHashMap<>(); // scale -> {planned, missing}
        for (JsonNode run : report.path("compute").path("runs")) {
            byScale.computeIfAbsent(text(run, "scale"), k -> new int[2])[0]++;
        }
        int planned = report.path("compute").path("runs").size();
        int missing = report.path("missing_runs").size();
        for (JsonNode run : report.path("missing_runs")) {
            byScale.computeIfAbsent(text(run, "scale"), k -> new int[2])[1]++;
        }
        List<String> shortOf = new ArrayList<>();
        byScale.forEach((scale, n) -> {
            if (n[1] > 0) {
                shortOf.add(scale + " " + n[1] + (n[0] > 0 ? " of " + n[0] : ""));
            }
        });
        String head = planned > 0 ? (planned - missing) + " of " + planned + " runs analysed"
                : missing + " run(s) missing";
        return shortOf.isEmpty() ? head : head + ", missing " + String.join(", ", shortOf);
    }

    /** "items cut to fit the context: 98 of 100 at xs, s (context 64)", or null when none was cut or it is unknown. */
    private static String itemsCut(JsonNode cuts) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (JsonNode c : cuts) {
            if (c.path("items_cut").asInt(0) > 0) {
                groups.computeIfAbsent(c.path("items_cut").asInt() + " of " + c.path("items").asInt() + " at %s"
                        + (c.path("context").isNumber() ? " (context " + c.path("context").asInt() + ")" : ""),
                        k -> new ArrayList<>()).add(text(c, "scale"));
            }
        }
        if (groups.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        groups.forEach((figures, scales) -> parts.add(String.format(Locale.ROOT, figures, String.join(", ", scales))));
        return "items cut to fit the context (text scored on its first context + 1 bytes): " + String.join("; ", parts);
    }

    /** "recommended: s, 1/26 of reference compute (...)", or "recommended: none (reason)". */
    private static String recommendation(JsonNode r) {
        if (!r.path("scale").isTextual()) {
            return "recommended proxy: none (" + r.path("reason").asText("no reason given") + ")";
        }
        String interval = r.path("ci_low").isNumber() ? " [" + number(r.path("ci_low")) + ", "
                + number(r.path("ci_high")) + "]" : "";
        return "recommended proxy: " + text(r, "scale") + ", " + ratio(r.path("compute_ratio"))
                + " of reference compute (Pearson " + number(r.path("pearson")) + interval + " reaches "
                + target(text(r, "criterion"), r.path("target").asDouble()) + ")";
    }

    private static String target(String criterion, double target) {
        return String.format(Locale.ROOT, "%s %.3f", "noise_ceiling".equals(criterion)
                ? "the noise ceiling" : "the threshold", target);
    }

    /** A smaller table from the study.analyzed event's headline, used when the report cannot be fetched. */
    public static List<String> render(StudyAnalyzed analyzed) {
        List<String> lines = new ArrayList<>();
        lines.add("Study " + analyzed.studyId() + " (headline from study.analyzed; no confidence intervals)"
                + (analyzed.complete() ? "" : " PARTIAL: " + (analyzed.runsAnalyzed() != null
                        && analyzed.runsPlanned() != null ? analyzed.runsAnalyzed() + " of " + analyzed.runsPlanned()
                        + " runs analysed" : analyzed.missingRuns().size() + " run(s) missing")));
        lines.add(String.format(Locale.ROOT, "  %-16s %-12s %10s  %8s %8s %8s", "suite", "proxy", "compute",
                "Pearson", "Spearman", "R^2"));
        for (StudyAnalyzed.ProxyCorrelation c : analyzed.correlations()) {
            lines.add(String.format(Locale.ROOT, "  %-16s %-12s %10s  %8s %8s %8s", c.suite(), c.scale(),
                    ratio(c.computeRatio()), plain(c.pearson()), plain(c.spearman()), plain(c.r2())));
        }
        if (analyzed.recommendations() != null) {
            for (StudyAnalyzed.Recommendation r : analyzed.recommendations()) {
                lines.add(String.format(Locale.ROOT, "  %-16s %s", r.suite(), r.scale() == null
                        ? "recommended proxy: none (" + r.reason() + ")"
                        : "recommended proxy: " + r.scale() + ", " + ratio(r.computeRatio() == null ? Double.NaN
                                : r.computeRatio()) + " of reference compute (reaches " + target(r.criterion(),
                                r.target() == null ? Double.NaN : r.target()) + ")"));
            }
        }
        return lines;
    }

    private static String estimate(JsonNode e, String scale, String name, List<String> notes) {
        if (!e.path("value").isNumber()) {
            notes.add(scale + " " + name + " undefined: " + e.path("reason").asText("no value"));
            return "n/a";
        }
        String value = number(e.path("value"));
        if (e.path("ci_low").isNumber() && e.path("ci_high").isNumber()) {
            return value + " [" + number(e.path("ci_low")) + ", " + number(e.path("ci_high")) + "]";
        }
        if (!e.path("ci_reason").isNull() && !e.path("ci_reason").isMissingNode()) {
            notes.add(scale + " " + name + " has no interval: " + e.path("ci_reason").asText());
        }
        return value + " [no CI]";
    }

    private static String number(JsonNode n) {
        return n.isNumber() ? String.format(Locale.ROOT, "%.3f", n.asDouble()) : "n/a";
    }

    private static String plain(Double d) {
        return d == null ? "n/a" : String.format(Locale.ROOT, "%.3f", d);
    }

    private static String ratio(JsonNode n) {
        return n.isNumber() ? ratio(n.asDouble()) : "?";
    }

    /** computeRatio is reference flops / proxy flops, so 370 is printed "1/370". */
    static String ratio(double computeRatio) {
        if (!(computeRatio > 0) || !Double.isFinite(computeRatio)) {
            return "?";
        }
        return computeRatio >= 10 ? String.format(Locale.ROOT, "1/%.0f", computeRatio)
                : String.format(Locale.ROOT, "1/%.1f", computeRatio);
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).asText("?");
    }

    private static String joined(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return String.join(", ", names);
    }
}
