package org.smalltolarge.evaluator.domain;

import java.util.List;
import org.smalltolarge.evaluator.analysis.PlannedRunRef;
import org.smalltolarge.evaluator.analysis.StudyLayout;

/**
 * A study's plan as the evaluator keeps it (collection {@code eval_studies}): what to score and how to analyse.
 *
 * @param maxItemsPerSuite          0: every item
 * @param completeAnalysisPublished whether the analysis over every planned run has gone out
 * @param recommendMinCorrelation   the study's analysis.recommend_min_correlation; null when it sets none
 */
public record PlannedStudy(String studyId, String specSha256, String referenceScale, List<String> suites,
        int maxItemsPerSuite, List<PlannedRunRef> runs, boolean completeAnalysisPublished,
        Double recommendMinCorrelation) {

    public StudyLayout layout() {
        return new StudyLayout(studyId, referenceScale, runs);
    }

    public List<String> runIds() {
        return runs.stream().map(PlannedRunRef::runId).toList();
    }
}
