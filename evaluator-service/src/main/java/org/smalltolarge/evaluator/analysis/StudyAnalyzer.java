package org.smalltolarge.evaluator.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Answers the study's question: do proxies trained on each distribution predict the reference's behaviour?
 * Pure computation, deterministic for given inputs and settings. Partial inputs give a partial analysis:
 * everything computable is computed, the rest is null with a reason.
 */
public final class StudyAnalyzer {
    private StudyAnalyzer() {
    }

    public static StudyAnalysis analyze(StudyLayout layout, Collection<RunPredictions> predictions) {
        return analyze(layout, predictions, AnalysisSettings.defaults());
    }

    public static StudyAnalysis analyze(StudyLayout layout, Collection<RunPredictions> predictions,
            AnalysisSettings settings) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(predictions, "predictions");
        Objects.requireNonNull(settings, "settings");
        List<String> problems = new ArrayList<>();
        Map<String, RunPredictions> usable = usablePredictions(layout, predictions, problems);

        Map<PlannedRunRef, RunPredictions> present = new LinkedHashMap<>();
        List<StudyAnalysis.MissingRun> missing = new ArrayList<>();
        for (PlannedRunRef run : layout.runs()) {
            RunPredictions p = usable.get(run.runId());
            if (p == null) {
                missing.add(new StudyAnalysis.MissingRun(run.runId(), run.distribution(), run.scale(), run.seed(),
                        run.role()));
            } else {
                present.put(run, p);
            }
        }
        ComputeLedger ledger = LedgerBuilder.build(layout, usable.keySet(), problems);
        TreeSet<String> suiteNames = new TreeSet<>();
        present.values().forEach(p -> suiteNames.addAll(p.suites().keySet()));
        List<SuiteAnalysis> suites = new ArrayList<>();
        for (String suite : suiteNames) {
            suites.add(SuiteAnalyzer.analyze(suite, present, layout, ledger, settings));
        }
        boolean complete = missing.isEmpty()
                && suites.stream().allMatch(s -> s.runsWithoutSuite().isEmpty() && s.excludedRuns().isEmpty());
        List<String> proxyScales = ledger.scales().stream().filter(s -> Roles.PROXY.equals(s.role()))
                .map(ComputeLedger.ScaleCompute::scale).toList();
        return new StudyAnalysis(layout.studyId(), layout.referenceScale(), complete, missing, layout.distributions(),
                proxyScales, settings, Methods.describe(settings), ledger, suites, problems);
    }

    /** Predictions that match a planned run; everything else is reported and left out. */
    private static Map<String, RunPredictions> usablePredictions(StudyLayout layout,
            Collection<RunPredictions> predictions, List<String> problems) {
        Map<String, PlannedRunRef> planned = new HashMap<>();
        layout.runs().forEach(r -> planned.put(r.runId(), r));
        Map<String, List<RunPredictions>> byId = new LinkedHashMap<>();
        predictions.stream().sorted(java.util.Comparator.comparing(RunPredictions::runId))
                .forEach(p -> byId.computeIfAbsent(p.runId(), k -> new ArrayList<>()).add(p));
        Map<String, RunPredictions> usable = new HashMap<>();
        byId.forEach((id, list) -> {
            PlannedRunRef plan = planned.get(id);
            RunPredictions p = list.get(0);
            if (plan == null) {
                problems.add("predictions for run '" + id + "' (" + p.distribution() + ", " + p.scale()
                        + "), which the study did not plan; ignored");
            } else if (list.size() > 1) {
                problems.add("run '" + id + "' has " + list.size() + " sets of predictions; none is used until"
                        + " one remains");
            } else if (!plan.distribution().equals(p.distribution()) || !plan.scale().equals(p.scale())
                    || plan.seed() != p.seed() || !plan.role().equals(p.role())) {
                problems.add("predictions for run '" + id + "' say " + describe(p.distribution(), p.scale(), p.seed(),
                        p.role()) + " but the plan says " + describe(plan.distribution(), plan.scale(), plan.seed(),
                        plan.role()) + "; ignored");
            } else if (p.suites().isEmpty()) {
                problems.add("predictions for run '" + id + "' hold no suite; treated as missing");
            } else {
                usable.put(id, p);
            }
        });
        return usable;
    }

    private static String describe(String distribution, String scale, long seed, String role) {
        return "distribution " + distribution + ", scale " + scale + ", seed " + seed + ", role " + role;
    }
}
