package org.smalltolarge.evaluator.report;

import java.util.ArrayList;
import java.util.List;
import org.smalltolarge.evaluator.analysis.RunPredictions;
import org.smalltolarge.evaluator.analysis.StudyAnalysis;
import org.smalltolarge.evaluator.analysis.StudyAnalyzer;
import org.smalltolarge.evaluator.analysis.SyntheticStudy;

/** Analyses the report tests render: the synthetic study, complete and with runs missing. */
final class ReportSamples {
    static final long SEED = 20250521L;

    private ReportSamples() {
    }

    static StudyAnalysis complete() {
        SyntheticStudy.Generated g = SyntheticStudy.generate(SEED);
        return StudyAnalyzer.analyze(g.layout(), g.predictions());
    }

    /** Most of the smallest proxy missing (its comparisons undefined) and one reference seed of one distribution. */
    static StudyAnalysis partial() {
        SyntheticStudy.Generated g = SyntheticStudy.generate(SEED);
        List<RunPredictions> partial = new ArrayList<>(g.predictions());
        partial.removeIf(p -> p.scale().equals("proxy-37m") && !p.distribution().equals("web")
                || p.scale().equals(SyntheticStudy.REFERENCE) && p.distribution().equals("books") && p.seed() == 2);
        return StudyAnalyzer.analyze(g.layout(), partial);
    }
}
