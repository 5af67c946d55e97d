package org.smalltolarge.evaluator.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.smalltolarge.stats.Correlation;
import org.smalltolarge.stats.StatResult;

/** The reference's seed-to-seed agreement across distributions; see {@link NoiseCeiling}. */
final class NoiseCeilings {
    private NoiseCeilings() {
    }

    static NoiseCeiling of(List<ScoredRun> referenceRuns) {
        // seed -> distribution -> mean loss (averaged should a plan repeat a (distribution, seed))
        Map<Long, Map<String, List<Double>>> bySeed = new TreeMap<>();
        for (ScoredRun run : referenceRuns) {
            bySeed.computeIfAbsent(run.run().seed(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(run.run().distribution(), k -> new ArrayList<>()).add(run.meanLoss());
        }
        List<Long> seeds = List.copyOf(bySeed.keySet());
        if (seeds.size() < 2) {
            return new NoiseCeiling(seeds, List.of(), null, null, null, "the reference has " + seeds.size()
                    + " seed(s) with predictions for this suite; a noise ceiling needs at least 2");
        }
        List<NoiseCeiling.SeedPair> pairs = new ArrayList<>();
        double sumPearson = 0;
        double sumSpearman = 0;
        double sumR2 = 0;
        int definedPearson = 0;
        int definedSpearman = 0;
        for (int a = 0; a < seeds.size(); a++) {
            for (int b = a + 1; b < seeds.size(); b++) {
                Map<String, List<Double>> first = bySeed.get(seeds.get(a));
                Map<String, List<Double>> second = bySeed.get(seeds.get(b));
                List<String> shared = first.keySet().stream().filter(second::containsKey).toList();
                int n = shared.size();
                if (n < AnalysisSettings.MIN_DISTRIBUTIONS) {
                    pairs.add(new NoiseCeiling.SeedPair(seeds.get(a), seeds.get(b), n, null, null, "only " + n
                            + " distribution(s) scored by both seeds (need at least "
                            + AnalysisSettings.MIN_DISTRIBUTIONS + ")"));
                    continue;
                }
                double[] x = new double[n];
                double[] y = new double[n];
                for (int i = 0; i < n; i++) {
                    x[i] = mean(first.get(shared.get(i)));
                    y[i] = mean(second.get(shared.get(i)));
                }
                String nameA = "seed " + seeds.get(a) + " mean loss";
                String nameB = "seed " + seeds.get(b) + " mean loss";
                StatResult p = Correlation.pearson(x, y, nameA, nameB);
                StatResult s = Correlation.spearman(x, y, nameA, nameB);
                if (p.defined()) {
                    sumPearson += p.value();
                    sumR2 += p.value() * p.value();
                    definedPearson++;
                }
                if (s.defined()) {
                    sumSpearman += s.value();
                    definedSpearman++;
                }
                pairs.add(new NoiseCeiling.SeedPair(seeds.get(a), seeds.get(b), n, p.orNull(), s.orNull(),
                        p.defined() ? (s.defined() ? null : s.reason()) : p.reason()));
            }
        }
        if (definedPearson == 0) {
            return new NoiseCeiling(seeds, pairs, null, null, null, "no seed pair has a defined correlation");
        }
        return new NoiseCeiling(seeds, pairs, sumPearson / definedPearson,
                definedSpearman == 0 ? null : sumSpearman / definedSpearman, sumR2 / definedPearson, null);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
