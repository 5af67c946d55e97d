package org.smalltolarge.evaluator.analysis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One run's predictions on one suite with the figures every later step needs, computed once. */
record ScoredRun(PlannedRunRef run, SuitePredictions predictions, double meanLoss, Map<String, Double> itemLosses,
        Double accuracy) {

    static ScoredRun of(PlannedRunRef run, SuitePredictions predictions) {
        double[] losses = predictions.losses();
        List<String> ids = predictions.itemIds();
        Map<String, Double> byItem = new HashMap<>(ids.size() * 2);
        double sum = 0;
        for (int i = 0; i < losses.length; i++) {
            byItem.put(ids.get(i), losses[i]);
            sum += losses[i];
        }
        boolean[] correct = predictions.correct();
        Double accuracy = null;
        if (correct != null) {
            int right = 0;
            for (boolean c : correct) {
                right += c ? 1 : 0;
            }
            accuracy = (double) right / correct.length;
        }
        return new ScoredRun(run, predictions, sum / losses.length, byItem, accuracy);
    }

    int items() {
        return itemLosses.size();
    }
}
