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
import org.smalltolarge.evaluator.analysis.ProxyRecommendation;
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
 * per study) and publishes its headline as study.analyzed: live, partial analyses while runs finish (at most one
 * per {@code evaluator.live-analysis-interval}); the complete one exactly once, when the last planned run has
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
     * A run of the study has its predictions out: publishes the complete analysis if that was the last run, else
     * (with {@code evaluator.live-analysis}) a partial one over the runs evaluated so far, when one is due.
     */
    public void runEvaluated(String studyId) {
        Optional<PlannedStudy> study = studies.find(studyId);
        if (study.isEmpty() || study.get().completeAnalysisPublished()) {
            return;
        }
        if (!analyzeIfComplete(study.get()) && config.liveAnalysis()) {
            analyzePartialIfDue(study.get());
        }
    }

    /**
     * When every planned run of the study has published predictions and the complete analysis is not out yet,
     * computes, stores and publishes it; exactly one caller wins the claim (workers may finish runs together).
     */
    public void analyzeIfComplete(String studyId) {
        studies.find(studyId).filter(s -> !s.completeAnalysisPublished()).ifPresent(this::analyzeIfComplete);
    }

    /** @return whether every planned run has published predictions (so only a complete analysis is due) */
    private boolean analyzeIfComplete(PlannedStudy study) {
        String studyId = study.studyId();
        Set<String> done = new HashSet<>();
        for (Evaluation r : runs.ofStudy(studyId)) {
            if (r.status() == EvaluationStatus.EVALUATED && r.predictionsPublished()) {
                done.add(r.runId());
            }
        }
        if (!done.containsAll(study.runIds())) {
            return false;
        }
        if (!studies.claimCompleteAnalysis(studyId, ANALYSIS_CLAIM_STALE)) {
            return true;
        }
        StudyAnalysis analysis = compute(study);
        analyses.save(analysis);
        publish(analysis);
        studies.markCompleteAnalysisPublished(studyId);
        LOG.infof("study %s analysed: complete=%s, %d suites", studyId, analysis.complete(), analysis.suites().size());
        return true;
    }

    /**
     * A live partial analysis over the runs evaluated so far, when the last one covered fewer runs and is at least
     * {@code evaluator.live-analysis-interval} old; stored (never over the final one) and published with
     * complete false, so a user watching a long study sees the answer forming.
     */
    public void analyzePartialIfDue(String studyId) {
        if (config.liveAnalysis()) {
            studies.find(studyId).filter(s -> !s.completeAnalysisPublished()).ifPresent(this::analyzePartialIfDue);
        }
    }

    private void analyzePartialIfDue(PlannedStudy study) {
        Set<String> planned = new HashSet<>(study.runIds());
        int evaluated = (int) runs.ofStudy(study.studyId()).stream()
                .filter(r -> r.status() == EvaluationStatus.EVALUATED && planned.contains(r.runId())).count();
        if (evaluated == 0 || !studies.claimPartialAnalysis(study.studyId(), evaluated,
                config.liveAnalysisInterval())) {
            return;
        }
        StudyAnalysis analysis = compute(study);
        if (analysis.missingRuns().isEmpty()) {
            return; // every run is in: the complete analysis follows once the last predictions are published
        }
        if (analyses.savePartial(analysis)) {
            publish(analysis);
            LOG.infof("study %s: partial analysis over %d of %d runs", study.studyId(),
                    planned.size() - analysis.missingRuns().size(), planned.size());
        }
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
        return StudyAnalyzer.analyze(layout, inputs, settings(study));
    }

    /** The analysis settings of a study: this service's resamples, the study's recommendation threshold. */
    public AnalysisSettings settings(PlannedStudy study) {
        return AnalysisSettings.defaults().withBootstrapResamples(config.bootstrapResamples())
                .withRecommendMinCorrelation(study.recommendMinCorrelation());
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
        List<StudyAnalyzed.Recommendation> recommendations = new ArrayList<>();
        for (SuiteAnalysis s : a.suites()) {
            ProxyRecommendation r = s.recommendation();
            if (r != null) {
                recommendations.add(new StudyAnalyzed.Recommendation(s.suite(), r.scale(), r.computeRatio(),
                        r.criterion(), r.target(), r.reason()));
            }
        }
        int planned = a.compute().runs().size();
        publisher.publish(new StudyAnalyzed(a.studyId(), a.complete(), missing, correlations, reportUri, Instant.now(),
                planned, planned - a.missingRuns().size(), recommendations));
    }
}
