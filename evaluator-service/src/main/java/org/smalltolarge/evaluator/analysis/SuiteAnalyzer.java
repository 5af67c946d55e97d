package org.smalltolarge.evaluator.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/** Analyses one suite over all runs that have predictions; see {@link StudyAnalyzer}. */
final class SuiteAnalyzer {
    private SuiteAnalyzer() {
    }

    /** @param runs planned runs with predictions, in layout order */
    static SuiteAnalysis analyze(String suite, Map<PlannedRunRef, RunPredictions> runs, StudyLayout layout,
            ComputeLedger ledger, AnalysisSettings settings) {
        List<String> problems = new ArrayList<>();
        List<String> withoutSuite = new ArrayList<>();
        List<ScoredRun> candidates = new ArrayList<>();
        runs.forEach((plan, predictions) -> {
            SuitePredictions p = predictions.suites().get(suite);
            if (p == null) {
                withoutSuite.add(plan.runId());
            } else {
                candidates.add(ScoredRun.of(plan, p));
            }
        });
        if (!withoutSuite.isEmpty()) {
            problems.add(withoutSuite.size() + " run(s) with predictions have none for this suite: "
                    + String.join(", ", withoutSuite));
        }
        String hash = chooseHash(candidates);
        List<ScoredRun> kept = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        for (ScoredRun run : candidates) {
            if (hash.equals(run.predictions().contentHash())) {
                kept.add(run);
            } else {
                excluded.add(run.run().runId());
                problems.add("content hash mismatch: run '" + run.run().runId() + "' scored version "
                        + run.predictions().contentHash() + ", the analysis uses " + hash
                        + " (held by most reference runs); the run is excluded from this suite");
            }
        }
        ScoredRun canonical = kept.stream().filter(r -> r.run().isReference()).findFirst().orElse(kept.get(0));
        SuitePredictions canon = canonical.predictions();
        checkConsistency(kept, canonical, problems);
        Double chance = canon.hasChance() ? canon.chance() : null;

        List<SuiteAnalysis.RunSummary> summaries = new ArrayList<>();
        for (ScoredRun run : kept) {
            Boolean flag = chance == null || run.accuracy() == null ? null
                    : ChanceRule.atOrBelowChance(run.accuracy(), chance, run.items());
            PlannedRunRef p = run.run();
            summaries.add(new SuiteAnalysis.RunSummary(p.runId(), p.distribution(), p.scale(), p.seed(), p.role(),
                    run.items(), run.meanLoss(), run.accuracy(), flag));
        }

        Set<String> itemSet = new LinkedHashSet<>(canon.itemIds());
        kept.forEach(r -> itemSet.addAll(r.predictions().itemIds()));
        List<String> items = List.copyOf(itemSet);
        Map<String, Map<String, SeedAverage>> averages = seedAverages(kept);
        Map<String, SeedAverage> reference = averages.getOrDefault(layout.referenceScale(), Map.of());
        List<ScaleComparison> comparisons = new ArrayList<>();
        for (ComputeLedger.ScaleCompute scale : ledger.scales()) {
            if (Roles.PROXY.equals(scale.role())) {
                comparisons.add(ComparisonAnalyzer.compare(suite, scale, layout.distributions(),
                        averages.getOrDefault(scale.scale(), Map.of()), reference, items, settings));
            }
        }
        List<ScoredRun> referenceRuns = kept.stream().filter(r -> r.run().isReference()).toList();
        NoiseCeiling ceiling = NoiseCeilings.of(referenceRuns);
        return new SuiteAnalysis(suite, canon.kind(), hash, chance, items.size(), problems, withoutSuite, excluded,
                summaries, comparisons, ceiling, accuracy(kept, ledger, chance),
                ProxyRecommendation.of(comparisons, ceiling, settings), itemsCut(kept, ledger));
    }

    private static List<SuiteAnalysis.ItemsCut> itemsCut(List<ScoredRun> kept, ComputeLedger ledger) {
        List<SuiteAnalysis.ItemsCut> cuts = new ArrayList<>();
        for (ComputeLedger.ScaleCompute scale : ledger.scales()) {
            List<SuitePredictions> runs = kept.stream().filter(r -> r.run().scale().equals(scale.scale()))
                    .map(ScoredRun::predictions).toList();
            if (runs.isEmpty()) {
                continue;
            }
            Integer context = runs.stream().map(SuitePredictions::context).filter(Objects::nonNull).findFirst()
                    .orElse(null);
            Integer cut = runs.stream().map(SuitePredictions::itemsCut).filter(Objects::nonNull)
                    .max(Integer::compare).orElse(null);
            int items = runs.stream().mapToInt(SuitePredictions::size).max().orElseThrow();
            cuts.add(new SuiteAnalysis.ItemsCut(scale.scale(), context, cut, items));
        }
        return cuts;
    }

    /** The hash most reference runs used; ties go to the hash most runs used, then to the smaller string. */
    private static String chooseHash(List<ScoredRun> runs) {
        Map<String, int[]> votes = new TreeMap<>();
        for (ScoredRun run : runs) {
            int[] v = votes.computeIfAbsent(run.predictions().contentHash(), k -> new int[2]);
            v[0] += run.run().isReference() ? 1 : 0;
            v[1]++;
        }
        return votes.entrySet().stream()
                .max(Comparator.<Map.Entry<String, int[]>>comparingInt(e -> e.getValue()[0])
                        .thenComparingInt(e -> e.getValue()[1])
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .orElseThrow().getKey();
    }

    private static void checkConsistency(List<ScoredRun> kept, ScoredRun canonical, List<String> problems) {
        SuitePredictions canon = canonical.predictions();
        Set<String> canonItems = new HashSet<>(canon.itemIds());
        for (ScoredRun run : kept) {
            SuitePredictions p = run.predictions();
            String id = run.run().runId();
            if (!p.kind().equals(canon.kind()) || !Objects.equals(p.hasChance() ? p.chance() : null,
                    canon.hasChance() ? canon.chance() : null)) {
                problems.add("run '" + id + "' says kind " + p.kind() + ", chance " + p.chance() + "; run '"
                        + canonical.run().runId() + "' says " + canon.kind() + ", " + canon.chance()
                        + "; the analysis uses the latter");
            }
            if (!new HashSet<>(p.itemIds()).equals(canonItems)) {
                long missing = canonItems.stream().filter(i -> !run.itemLosses().containsKey(i)).count();
                long extra = p.itemIds().stream().filter(i -> !canonItems.contains(i)).count();
                problems.add("run '" + id + "' lacks " + missing + " and adds " + extra + " item(s) compared with run '"
                        + canonical.run().runId() + "' under the same content hash; items are matched by id");
            }
        }
    }

    /** scale -> distribution -> seed average, distributions in first-seen order. */
    private static Map<String, Map<String, SeedAverage>> seedAverages(List<ScoredRun> kept) {
        Map<String, Map<String, List<ScoredRun>>> groups = new LinkedHashMap<>();
        for (ScoredRun run : kept) {
            groups.computeIfAbsent(run.run().scale(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(run.run().distribution(), k -> new ArrayList<>()).add(run);
        }
        Map<String, Map<String, SeedAverage>> averages = new LinkedHashMap<>();
        groups.forEach((scale, byDistribution) -> {
            Map<String, SeedAverage> m = new LinkedHashMap<>();
            byDistribution.forEach((d, list) -> m.put(d, SeedAverage.of(list)));
            averages.put(scale, m);
        });
        return averages;
    }

    private static AccuracyAnalysis accuracy(List<ScoredRun> kept, ComputeLedger ledger, Double chance) {
        if (kept.stream().noneMatch(r -> r.accuracy() != null)) {
            return null;
        }
        List<AccuracyAnalysis.ScaleAccuracy> scales = new ArrayList<>();
        for (ComputeLedger.ScaleCompute scale : ledger.scales()) {
            List<ScoredRun> runs = kept.stream()
                    .filter(r -> r.run().scale().equals(scale.scale()) && r.accuracy() != null).toList();
            if (runs.isEmpty()) {
                continue;
            }
            double mean = runs.stream().mapToDouble(ScoredRun::accuracy).average().orElseThrow();
            double min = runs.stream().mapToDouble(ScoredRun::accuracy).min().orElseThrow();
            double max = runs.stream().mapToDouble(ScoredRun::accuracy).max().orElseThrow();
            int items = runs.stream().mapToInt(ScoredRun::items).min().orElseThrow();
            Double threshold = chance == null ? null : ChanceRule.threshold(chance, items);
            int below = chance == null ? 0 : (int) runs.stream()
                    .filter(r -> ChanceRule.atOrBelowChance(r.accuracy(), chance, r.items())).count();
            scales.add(new AccuracyAnalysis.ScaleAccuracy(scale.scale(), scale.role(), runs.size(), items, mean, min,
                    max, threshold, below, threshold == null ? null : mean <= threshold));
        }
        return new AccuracyAnalysis(chance, chance == null ? "no chance level for this suite" : ChanceRule.DESCRIPTION,
                scales);
    }
}
