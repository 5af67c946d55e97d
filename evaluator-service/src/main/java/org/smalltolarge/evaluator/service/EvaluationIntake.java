package org.smalltolarge.evaluator.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.smalltolarge.contracts.events.StudyPlanned;
import org.smalltolarge.contracts.events.StudyPlannedPart;
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.evaluator.analysis.PlannedRunRef;
import org.smalltolarge.evaluator.analysis.StudyLayout;
import org.smalltolarge.evaluator.domain.EvaluationStatus;
import org.smalltolarge.evaluator.domain.PlannedStudy;
import org.smalltolarge.evaluator.repository.EvalStudyRepository;
import org.smalltolarge.evaluator.repository.EvaluationRepository;
import org.smalltolarge.evaluator.worker.EvaluationPool;

/** Records what the consumers read, durably and idempotently, and wakes the workers; never scores anything. */
@ApplicationScoped
public class EvaluationIntake {
    private static final Logger LOG = Logger.getLogger(EvaluationIntake.class);

    private final EvalStudyRepository studies;
    private final EvaluationRepository runs;
    private final EvaluationPool pool;

    public EvaluationIntake(EvalStudyRepository studies, EvaluationRepository runs, EvaluationPool pool) {
        this.studies = studies;
        this.runs = runs;
        this.pool = pool;
    }

    /**
     * Keeps the plan of a study (the first one received for its id). A plan the analysis could not use
     * (a proxy at the reference scale, no reference run, a repeated run id) is refused with an
     * IllegalArgumentException that says which run is wrong.
     */
    public void planned(StudyPlanned plan) {
        new StudyLayout(plan.studyId(), plan.referenceScale(), plan.runs().stream()
                .map(r -> new PlannedRunRef(r.runId(), r.distribution(), r.scale(), r.seed(), r.role(),
                        r.parameters(), r.tokens(), r.flops())).toList());
        if (studies.insertIfAbsent(plan)) {
            LOG.infof("study %s planned: %d runs, suites %s", plan.studyId(), plan.runs().size(), plan.suites());
        } else {
            String kept = studies.find(plan.studyId()).map(PlannedStudy::specSha256).orElse(null);
            if (!plan.specSha256().equals(kept)) {
                LOG.warnf("study %s was planned again with spec %s; the evaluator keeps the first plan (spec %s)",
                        plan.studyId(), plan.specSha256(), kept);
            }
        }
        wakeRunsAwaitingPlan(plan.studyId());
    }

    /** Runs that completed before their plan arrived wait for it: they may be scored now. */
    private void wakeRunsAwaitingPlan(String studyId) {
        runs.ofStudy(studyId).stream()
                .filter(r -> r.status() == EvaluationStatus.AWAITING_PLAN)
                .forEach(r -> pool.wake(r.runId()));
    }

    /**
     * Keeps a part of a plan that travels in parts (study.planned.v2); once every part of it is stored, the plan
     * is kept like a whole one ({@link #planned}) and its parts are forgotten. Until then the study has no plan,
     * and its completed runs wait. A part of a study whose plan is kept already changes nothing. Parts that do not
     * make up one plan (two different parts with one number, settings that differ between parts) are refused with
     * an IllegalArgumentException that says how.
     */
    public void plannedPart(StudyPlannedPart part) {
        Optional<String> kept = studies.specSha256Of(part.studyId());
        if (kept.isPresent()) { // delivered again, or a plan of another spec: the first plan stays
            if (!kept.get().equals(part.specSha256())) {
                LOG.warnf("study %s was planned again with spec %s; the evaluator keeps the first plan (spec %s)",
                        part.studyId(), part.specSha256(), kept.get());
            }
            wakeRunsAwaitingPlan(part.studyId());
            return;
        }
        studies.storePart(part);
        List<StudyPlannedPart> stored = studies.partsOf(part.studyId(), part.specSha256(), part.parts());
        if (stored.size() < part.parts()) {
            LOG.debugf("study %s: plan part %d of %d kept; %d of its parts are here", part.studyId(), part.part(),
                    part.parts(), stored.size());
            return;
        }
        planned(StudyPlannedPart.assemble(stored));
        studies.deleteParts(part.studyId(), part.specSha256(), part.parts());
    }

    /**
     * Records a completed run once; a redelivered event changes nothing and wakes nobody. An event naming another
     * checkpoint for a run not evaluated yet is kept as an alternative, tried if the recorded checkpoint is refused.
     */
    public void completed(TrainingCompleted completed) {
        if (runs.insertIfAbsent(completed)) {
            LOG.infof("run %s of study %s completed training; queued for evaluation", completed.runId(),
                    completed.studyId());
            pool.wake(completed.runId());
        } else if (runs.keepAlternative(completed)) {
            LOG.warnf("run %s: another training.completed names checkpoint %s; kept in case the recorded one is refused",
                    completed.runId(), completed.checkpointUri());
            if (runs.retryWithAlternative(completed.runId())) {
                pool.wake(completed.runId());
            }
        }
    }
}
