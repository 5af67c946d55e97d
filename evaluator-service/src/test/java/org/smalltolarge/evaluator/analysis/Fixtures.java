package org.smalltolarge.evaluator.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers that keep hand-built studies in tests short. */
public final class Fixtures {
    private Fixtures() {
    }

    public static PlannedRunRef plan(String distribution, String scale, long seed, boolean reference, long parameters,
            long tokens) {
        return new PlannedRunRef(runId(distribution, scale, seed), distribution, scale, seed,
                reference ? "reference" : "proxy", parameters, tokens, 6.0 * parameters * tokens);
    }

    public static String runId(String distribution, String scale, long seed) {
        return scale + "-" + distribution + "-s" + seed;
    }

    public static RunPredictions predictions(PlannedRunRef run, SuitePredictions... suites) {
        Map<String, SuitePredictions> map = new LinkedHashMap<>();
        for (SuitePredictions s : suites) {
            map.put(s.suite(), s);
        }
        return new RunPredictions(run.runId(), run.distribution(), run.scale(), run.seed(), run.role(),
                run.computedFlops(), map);
    }

    public static SuitePredictions text(String suite, String hash, double... losses) {
        return new SuitePredictions(suite, hash, "text", ids(losses.length), losses, null, Double.NaN);
    }

    public static SuitePredictions choice(String suite, String hash, double[] losses, boolean[] correct,
            double chance) {
        return new SuitePredictions(suite, hash, "choice", ids(losses.length), losses, correct, chance);
    }

    /** Item ids item-0, item-1, ... */
    public static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("item-" + i);
        }
        return ids;
    }

    public static boolean[] firstRight(int right, int of) {
        boolean[] correct = new boolean[of];
        Arrays.fill(correct, 0, right, true);
        return correct;
    }
}
