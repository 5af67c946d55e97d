package org.smalltolarge.contracts.events;

import java.time.Instant;
import java.util.List;
import org.smalltolarge.contracts.Event;

/**
 * The reference is trained on every selection and measured on the task's holdout. Gains are the random selections'
 * mean holdout loss minus the selection's (positive: better than random), with a 95% bootstrap interval over
 * holdout items and random selections.
 *
 * @param attributionId the attribution that DsDm's scores came from (null without DsDm)
 * @param studyId       the study that trained the reference on every selection
 * @param reportUri     the JSON report (selected ids, per-item losses)
 */
public record SelectionCompleted(String selectionId, String attributionId, String studyId, String suite,
        int holdoutItems, List<SelectionResult> selections, List<Overlap> overlaps, String reportUri,
        Instant completedAt) implements Event {
    public SelectionCompleted {
        Required.text("selection_id", selectionId);
        Required.text("study_id", studyId);
        Required.text("suite", suite);
        Required.nonEmpty("selections", selections);
        Required.value("overlaps", overlaps);
        Required.text("report_uri", reportUri);
        Required.value("completed_at", completedAt);
        selections = List.copyOf(selections);
        overlaps = List.copyOf(overlaps);
    }

    /**
     * One selection (a distribution of the study), e.g. "dsdm_p8k", "dsir", "random_2", or a natural mixture trained
     * beside them (method "mixture").
     *
     * @param proxyScale       the scale whose scores DsDm used (null for other methods)
     * @param holdoutLoss      the reference's mean loss per holdout item, averaged over training seeds
     * @param holdoutAccuracy  null for suites without right answers
     * @param gain             null for the random selections themselves
     * @param rule             how the method chose, e.g. the classifier's keep rule
     */
    public record SelectionResult(String selection, String method, String proxyScale, int documents,
            double holdoutLoss, Double holdoutAccuracy, Gain gain, String rule) {
        public SelectionResult {
            Required.text("selection", selection);
            Required.text("method", method);
        }
    }

    public record Gain(double mean, double low, double high) {
    }

    /** Jaccard similarity of two selections' document sets. */
    public record Overlap(String a, String b, double jaccard) {
        public Overlap {
            Required.text("a", a);
            Required.text("b", b);
        }
    }

    @Override
    public String key() {
        return selectionId;
    }

    @Override
    public String eventId() {
        return "selection.completed:" + selectionId;
    }
}
