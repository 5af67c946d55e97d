package org.smalltolarge.evaluator.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * All runs a study planned. Runs at {@code referenceScale} have role reference, every other run is a proxy.
 * The order of runs fixes the order of distributions in the analysis (first appearance).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StudyLayout(String studyId, String referenceScale, List<PlannedRunRef> runs) {

    public StudyLayout {
        if (studyId == null || studyId.isBlank()) {
            throw new IllegalArgumentException("study layout: study_id is missing");
        }
        String where = "study layout '" + studyId + "': ";
        if (referenceScale == null || referenceScale.isBlank()) {
            throw new IllegalArgumentException(where + "reference_scale is missing");
        }
        if (runs == null || runs.isEmpty()) {
            throw new IllegalArgumentException(where + "runs is empty");
        }
        runs = List.copyOf(runs);
        Set<String> ids = new HashSet<>();
        boolean anyReference = false;
        for (int i = 0; i < runs.size(); i++) {
            PlannedRunRef run = runs.get(i);
            if (!ids.add(run.runId())) {
                throw new IllegalArgumentException(where + "runs[" + i + "] repeats run id '" + run.runId() + "'");
            }
            boolean atReferenceScale = referenceScale.equals(run.scale());
            if (atReferenceScale != run.isReference()) {
                throw new IllegalArgumentException(where + "runs[" + i + "] ('" + run.runId() + "') has role "
                        + run.role() + " at scale '" + run.scale() + "' but the reference scale is '"
                        + referenceScale + "'");
            }
            anyReference |= atReferenceScale;
        }
        if (!anyReference) {
            throw new IllegalArgumentException(where + "no run at the reference scale '" + referenceScale + "'");
        }
    }

    /** Distributions in order of first appearance. */
    public List<String> distributions() {
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(r -> names.add(r.distribution()));
        return List.copyOf(names);
    }
}
