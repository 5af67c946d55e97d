package org.smalltolarge.evaluator.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.smalltolarge.contracts.events.StudyPlanned;
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
        // Runs that completed before their plan arrived wait for it: they may be scored now.
        runs.ofStudy(plan.studyId()).stream()
                .filter(r -> r.status() == EvaluationStatus.AWAITING_PLAN)
                .forEach(r -> pool.wake(r.runId()));
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
