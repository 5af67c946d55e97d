package org.smalltolarge.evaluator.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.smalltolarge.contracts.events.StudyAnalyzed;
import org.smalltolarge.evaluator.analysis.AnalysisSettings;
import org.smalltolarge.evaluator.analysis.PlannedRunRef;
import org.smalltolarge.evaluator.analysis.RunPredictions;
import org.smalltolarge.evaluator.analysis.ScaleComparison;
import org.smalltolarge.evaluator.analysis.StudyAnalysis;
import org.smalltolarge.evaluator.analysis.StudyAnalyzer;
import org.smalltolarge.evaluator.analysis.StudyLayout;
import org.smalltolarge.evaluator.analysis.SuiteAnalysis;
import org.smalltolarge.evaluator.analysis.SuitePredictions;
import org.smalltolarge.evaluator.config.EvaluatorConfig;
import org.smalltolarge.evaluator.domain.Evaluation;
import org.smalltolarge.evaluator.domain.EvaluationStatus;
import org.smalltolarge.evaluator.domain.PlannedStudy;
import org.smalltolarge.evaluator.repository.AnalysisRepository;
import org.smalltolarge.evaluator.repository.EvalStudyRepository;
import org.smalltolarge.evaluator.repository.EvaluationRepository;
import org.smalltolarge.evaluator.repository.PredictionRepository;
import org.smalltolarge.kit.messaging.EventPublisher;

/**
 * Runs the cross-scale analysis of a study over the predictions stored for it, keeps the result (one document
 * per study) and publishes its headline as study.analyzed. Automatically once, when the last planned run has
 * predictions; on demand at any time with what exists.
 */
@ApplicationScoped
public class StudyAnalysisService {
    private static final Logger LOG = Logger.getLogger(StudyAnalysisService.class);
    /** A claim to publish the complete analysis is taken over only after this long: analysing a large study takes minutes. */
    private static final Duration ANALYSIS_CLAIM_STALE = Duration.ofMinutes(10);

    private final EvaluatorConfig config;
    private final EvalStudyRepository studies;
    private final EvaluationRepository runs;
    private final PredictionRepository predictions;
    private final AnalysisRepository analyses;
    private final EventPublisher publisher;

    public StudyAnalysisService(EvaluatorConfig config, EvalStudyRepository studies, EvaluationRepository runs,
            PredictionRepository predictions, AnalysisRepository analyses, EventPublisher publisher) {
        this.config = config;
        this.studies = studies;
        this.runs = runs;
        this.predictions = predictions;
        this.analyses = analyses;
        this.publisher = publisher;
    }

    /**
     * When every planned run of the study has published predictions and the complete analysis is not out yet,
     * computes, stores and publishes it; exactly one caller wins the claim (workers may finish runs together).
     */
    public void analyzeIfComplete(String studyId) {
        Optional<PlannedStudy> study = studies.find(studyId);
        if (study.isEmpty() || study.get().completeAnalysisPublished()) {
            return;
        }
        Set<String> done = new HashSet<>();
        for (Evaluation r : runs.ofStudy(studyId)) {
            if (r.status() == EvaluationStatus.EVALUATED && r.predictionsPublished()) {
                done.add(r.runId());
            }
        }
        if (!done.containsAll(study.get().runIds())
                || !studies.claimCompleteAnalysis(studyId, ANALYSIS_CLAIM_STALE)) {
            return;
        }
        StudyAnalysis analysis = compute(study.get());
        analyses.save(analysis);
        publish(analysis);
        studies.markCompleteAnalysisPublished(studyId);
        LOG.infof("study %s analysed: complete=%s, %d suites", studyId, analysis.complete(), analysis.suites().size());
    }

    /**
     * Recomputes with what is stored now; empty when the study is unknown. A result that differs from the stored
     * analysis is stored and published; the same result again (nothing new was evaluated) changes nothing and
     * publishes nothing, so repeating the request is harmless.
     */
    public Optional<StudyAnalysis> analyzeNow(String studyId) {
        Optional<PlannedStudy> study = studies.find(studyId);
        if (study.isEmpty()) {
            return Optional.empty();
        }
        Optional<StudyAnalysis> stored = analyses.find(studyId);
        StudyAnalysis analysis = compute(study.get());
        // compared as their JSON: the analysis holds arrays, which records compare by identity
        if (stored.isPresent() && AnalysisRepository.toJson(stored.get()).equals(AnalysisRepository.toJson(analysis))) {
            LOG.infof("study %s: analysis unchanged since the last one; nothing published", studyId);
            return Optional.of(analysis);
        }
        analyses.save(analysis);
        publish(analysis);
        return Optional.of(analysis);
    }

    private StudyAnalysis compute(PlannedStudy study) {
        StudyLayout layout = study.layout();
        Map<String, PlannedRunRef> planned = new HashMap<>();
        layout.runs().forEach(r -> planned.put(r.runId(), r));
        // Only finished evaluations count: a run whose scoring stopped half-way is still missing.
        List<String> evaluated = runs.ofStudy(layout.studyId()).stream()
                .filter(r -> r.status() == EvaluationStatus.EVALUATED)
                .map(Evaluation::runId).filter(planned::containsKey).toList();
        Set<String> suites = new HashSet<>(study.suites());
        List<RunPredictions> inputs = new ArrayList<>();
        predictions.ofRuns(evaluated).forEach((runId, stored) -> {
            Map<String, SuitePredictions> perSuite = new HashMap<>(stored);
            perSuite.keySet().retainAll(suites);
            if (!perSuite.isEmpty()) {
                PlannedRunRef r = planned.get(runId);
                inputs.add(new RunPredictions(runId, r.distribution(), r.scale(), r.seed(), r.role(), r.flops(),
                        perSuite));
            }
        });
        return StudyAnalyzer.analyze(layout, inputs,
                AnalysisSettings.defaults().withBootstrapResamples(config.bootstrapResamples()));
    }

    private void publish(StudyAnalysis a) {
        List<StudyAnalyzed.ProxyCorrelation> correlations = new ArrayList<>();
        for (SuiteAnalysis s : a.suites()) {
            for (ScaleComparison c : s.comparisons()) {
                correlations.add(new StudyAnalyzed.ProxyCorrelation(s.suite(), c.scale(), c.computeRatio(),
                        c.pearson() == null ? null : c.pearson().value(),
                        c.spearman() == null ? null : c.spearman().value(), c.r2() == null ? null : c.r2().value()));
            }
        }
        List<String> missing = a.missingRuns().stream().map(StudyAnalysis.MissingRun::runId).toList();
        String reportUri = config.publicUrl().replaceAll("/+$", "") + "/studies/" + a.studyId() + "/report";
        publisher.publish(new StudyAnalyzed(a.studyId(), a.complete(), missing, correlations, reportUri, Instant.now()));
    }
}
