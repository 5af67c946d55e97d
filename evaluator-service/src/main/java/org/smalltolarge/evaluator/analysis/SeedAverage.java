package org.smalltolarge.evaluator.analysis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs of one (scale, distribution) averaged over seeds: the mean of the runs' mean losses, and per item
 * the mean over the seeds that scored it.
 */
record SeedAverage(int seeds, double meanLoss, Map<String, Double> itemLosses) {

    static SeedAverage of(List<ScoredRun> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to average");
        }
        double loss = 0;
        Map<String, double[]> sums = new HashMap<>();
        for (ScoredRun run : runs) {
            loss += run.meanLoss();
            run.itemLosses().forEach((item, l) -> {
                double[] acc = sums.computeIfAbsent(item, k -> new double[2]);
                acc[0] += l;
                acc[1]++;
            });
        }
        Map<String, Double> items = new HashMap<>(sums.size() * 2);
        sums.forEach((item, acc) -> items.put(item, acc[0] / acc[1]));
        return new SeedAverage(runs.size(), loss / runs.size(), items);
    }
}
