package org.smalltolarge.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.smalltolarge.contracts.Event;

/**
 * A valid study was stored and expanded into runs. Consumers (evaluator, CLI) learn from it which runs to
 * wait for, which is the reference scale, and which evaluation suites apply.
 *
 * @param specSha256              digest of the canonical spec, so a resubmission can be told apart from a changed
 *                                spec
 * @param recommendMinCorrelation the study's {@code analysis.recommend_min_correlation}: the Pearson r a proxy must
 *                                reach to be recommended; null (absent) when the study sets none
 */
public record StudyPlanned(String studyId, String specSha256, String referenceScale, List<String> suites,
        int maxItemsPerSuite, List<PlannedRunSummary> runs, Instant plannedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double recommendMinCorrelation) implements Event {
    public StudyPlanned {
        Required.text("study_id", studyId);
        Required.text("spec_sha256", specSha256);
        Required.text("reference_scale", referenceScale);
        Required.nonEmpty("suites", suites);
        Required.nonEmpty("runs", runs);
        Required.value("planned_at", plannedAt);
        suites = List.copyOf(suites);
        runs = List.copyOf(runs);
    }

    /** A plan of a study that sets no analysis threshold. */
    public StudyPlanned(String studyId, String specSha256, String referenceScale, List<String> suites,
            int maxItemsPerSuite, List<PlannedRunSummary> runs, Instant plannedAt) {
        this(studyId, specSha256, referenceScale, suites, maxItemsPerSuite, runs, plannedAt, null);
    }

    /** One planned run: enough to lay out the analysis (which distribution and scale) and the compute ledger. */
    public record PlannedRunSummary(String runId, String distribution, String scale, long seed, String role,
            long parameters, long tokens, double flops) {
        public PlannedRunSummary {
            Required.text("run_id", runId);
            Required.text("distribution", distribution);
            Required.text("scale", scale);
            Required.text("role", role);
        }
    }

    @Override
    public String key() {
        return studyId;
    }

    @Override
    public String eventId() {
        return "study.planned:" + studyId + ":" + specSha256;
    }
}
