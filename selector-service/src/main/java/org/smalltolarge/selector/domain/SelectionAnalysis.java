package org.smalltolarge.selector.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.smalltolarge.contracts.events.SelectionCompleted;
import org.smalltolarge.stats.Quantiles;

/**
 * Compares the reference trained on each selection on the holdout items. Per selection, each item's loss is
 * averaged over training seeds; the gain over random is, per item, the random selections' mean loss minus the
 * selection's, averaged over items. Its 95% interval is a percentile bootstrap that resamples holdout items and
 * random selections together, so it covers both the test set's noise and how much random selections differ.
 */
public final class SelectionAnalysis {
    public static final int RESAMPLES = 2000;

    /** One training run's predictions on the holdout items, in holdout order ({@code correct} null without answers). */
    public record RunOutcome(String selection, long seed, double[] losses, boolean[] correct) {
    }

    /** Per selection, the per-item losses (mean over seeds) the figures come from, kept for the report. */
    public record Result(List<SelectionCompleted.SelectionResult> selections, List<SelectionCompleted.Overlap> overlaps,
                         Map<String, double[]> itemLosses) {
    }

    private SelectionAnalysis() {
    }

    public static Result analyze(List<Selection> selections, List<RunOutcome> runs, long seed) {
        Map<String, double[]> itemLoss = new LinkedHashMap<>();
        Map<String, Double> accuracy = new LinkedHashMap<>();
        int items = -1;
        for (Selection s : selections) {
            List<RunOutcome> mine = runs.stream().filter(r -> r.selection().equals(s.name())).toList();
            if (mine.isEmpty()) {
                throw new IllegalArgumentException("no trained run of selection " + s.name());
            }
            int n = mine.get(0).losses().length;
            if (items >= 0 && n != items) {
                throw new IllegalArgumentException("runs cover different numbers of holdout items: " + items + " and "
                        + n);
            }
            items = n;
            double[] mean = new double[n];
            double right = 0;
            boolean answers = true;
            for (RunOutcome r : mine) {
                for (int i = 0; i < n; i++) {
                    mean[i] += r.losses()[i] / mine.size();
                }
                if (r.correct() == null) {
                    answers = false;
                } else {
                    for (boolean c : r.correct()) {
                        right += c ? 1 : 0;
                    }
                }
            }
            itemLoss.put(s.name(), mean);
            accuracy.put(s.name(), answers ? right / ((double) n * mine.size()) : null);
        }
        List<double[]> random = selections.stream().filter(s -> s.method().equals("random"))
                .map(s -> itemLoss.get(s.name())).toList();
        List<SelectionCompleted.SelectionResult> results = new ArrayList<>();
        for (Selection s : selections) {
            double[] loss = itemLoss.get(s.name());
            SelectionCompleted.Gain gain = s.method().equals("random") || random.isEmpty() ? null
                    : gain(loss, random, seed);
            results.add(new SelectionCompleted.SelectionResult(s.name(), s.method(), s.proxyScale(),
                    s.documents().size(), mean(loss), accuracy.get(s.name()), gain, s.rule()));
        }
        return new Result(results, overlaps(selections), itemLoss);
    }

    static SelectionCompleted.Gain gain(double[] loss, List<double[]> random, long seed) {
        int n = loss.length;
        int r = random.size();
        double point = 0;
        for (int i = 0; i < n; i++) {
            point += (randomMean(random, i, null) - loss[i]) / n;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] draws = new double[RESAMPLES];
        int[] pick = new int[r];
        for (int b = 0; b < RESAMPLES; b++) {
            for (int j = 0; j < r; j++) {
                pick[j] = rng.nextInt(r);
            }
            double sum = 0;
            for (int k = 0; k < n; k++) {
                int i = rng.nextInt(n);
                sum += randomMean(random, i, pick) - loss[i];
            }
            draws[b] = sum / n;
        }
        return new SelectionCompleted.Gain(point, Quantiles.quantile(draws, 0.025), Quantiles.quantile(draws, 0.975));
    }

    /** Item i's loss averaged over the random selections (or the drawn ones, with repeats). */
    private static double randomMean(List<double[]> random, int i, int[] pick) {
        double sum = 0;
        int count = pick == null ? random.size() : pick.length;
        for (int j = 0; j < count; j++) {
            sum += random.get(pick == null ? j : pick[j])[i];
        }
        return sum / count;
    }

    /** Jaccard similarity of every pair of selections that are not random (natural mixtures have no documents). */
    static List<SelectionCompleted.Overlap> overlaps(List<Selection> selections) {
        List<Selection> chosen = selections.stream().filter(s -> !s.method().equals("random")
                && !s.method().equals("mixture")).toList();
        List<SelectionCompleted.Overlap> out = new ArrayList<>();
        for (int a = 0; a < chosen.size(); a++) {
            for (int b = a + 1; b < chosen.size(); b++) {
                out.add(new SelectionCompleted.Overlap(chosen.get(a).name(), chosen.get(b).name(),
                        jaccard(chosen.get(a).documents(), chosen.get(b).documents())));
            }
        }
        return out;
    }

    static double jaccard(List<String> a, List<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        Set<String> both = new HashSet<>(a);
        both.retainAll(new HashSet<>(b));
        return union.isEmpty() ? 1 : (double) both.size() / union.size();
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }
}
