package org.smalltolarge.evaluator.analysis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The cross-scale analysis of one study: per test set and proxy scale, how well the proxy's per-distribution
 * losses track the reference's. Partial while planned runs lack predictions ({@code complete} false).
 *
 * @param proxyScales in order of increasing compute
 * @param methods     the rules used (R^2 definition, ties, chance flag, ...), in words, for the report
 * @param problems    study-level problems (predictions for unplanned runs, identity mismatches, ledger issues)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StudyAnalysis(String studyId, String referenceScale, boolean complete, List<MissingRun> missingRuns,
        List<String> distributions, List<String> proxyScales, AnalysisSettings settings, List<String> methods,
        ComputeLedger compute, List<SuiteAnalysis> suites, List<String> problems) {

    public StudyAnalysis {
        missingRuns = List.copyOf(missingRuns);
        distributions = List.copyOf(distributions);
        proxyScales = List.copyOf(proxyScales);
        methods = List.copyOf(methods);
        suites = List.copyOf(suites);
        problems = List.copyOf(problems);
    }

    /** A planned run without any predictions. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MissingRun(String runId, String distribution, String scale, long seed, String role) {
    }
}
