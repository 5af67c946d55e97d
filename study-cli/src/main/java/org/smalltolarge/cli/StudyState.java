package org.smalltolarge.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.smalltolarge.contracts.Event;
import org.smalltolarge.contracts.events.PredictionsReady;
import org.smalltolarge.contracts.events.StudyAnalyzed;
import org.smalltolarge.contracts.events.StudyPlanned;
import org.smalltolarge.contracts.events.StudyPlannedPart;
import org.smalltolarge.contracts.events.StudyRejected;
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.contracts.events.TrainingFailed;
import org.smalltolarge.contracts.events.TrainingProgress;

/**
 * What one study's events say so far. Fed the study's events in topic order (a follower reads the topics from
 * the beginning, so a rerun rebuilds the same state from history); each event may yield notable lines to log.
 */
public final class StudyState {
    public enum RunStatus { WAITING, TRAINING, TRAINED, FAILED }

    public enum Outcome { PENDING, REJECTED, COMPLETE, FAILED }

    /** One run as far as the events tell; plan fields are null until study.planned is seen (every part of it). */
    public static final class Run {
        final String runId;
        String distribution;
        String scale;
        long seed;
        String role;
        RunStatus status = RunStatus.WAITING;
        TrainingProgress progress;
        String failure;
        boolean predicted;

        Run(String runId) {
            this.runId = runId;
        }

        public String runId() {
            return runId;
        }

        public RunStatus status() {
            return status;
        }

        public TrainingProgress progress() {
            return progress;
        }

        public String failure() {
            return failure;
        }

        public boolean predicted() {
            return predicted;
        }

        /** "distribution/scale seed N", or the run id before the plan is known. */
        public String label() {
            return distribution == null ? runId : distribution + "/" + scale + " s" + seed;
        }
    }

    private final String studyId;
    private final Instant rejectionsFrom;
    private final Map<String, Run> runs = new LinkedHashMap<>();
    /** Run events read before the plan (topics are read side by side, in no order across topics). */
    private final List<Event> beforePlan = new ArrayList<>();
    /** Parts of plans (study.planned.v2) not complete yet, by spec digest and part count, each part once. */
    private final Map<String, Map<Integer, StudyPlannedPart>> planParts = new HashMap<>();
    private StudyPlanned plan;
    private StudyRejected rejection;
    private StudyAnalyzed analysis;

    /**
     * @param rejectionsFrom rejections older than this belong to an earlier submission and are ignored
     *                       (null: every rejection counts)
     */
    public StudyState(String studyId, Instant rejectionsFrom) {
        this.studyId = studyId;
        this.rejectionsFrom = rejectionsFrom;
    }

    public String studyId() {
        return studyId;
    }

    /** The study id an event belongs to. */
    public static String studyOf(Event event) {
        if (event instanceof StudyPlanned e) {
            return e.studyId();
        } else if (event instanceof StudyPlannedPart e) {
            return e.studyId();
        } else if (event instanceof StudyRejected e) {
            return e.studyId();
        } else if (event instanceof StudyAnalyzed e) {
            return e.studyId();
        } else if (event instanceof TrainingProgress e) {
            return e.studyId();
        } else if (event instanceof TrainingCompleted e) {
            return e.studyId();
        } else if (event instanceof TrainingFailed e) {
            return e.studyId();
        } else if (event instanceof PredictionsReady e) {
            return e.studyId();
        }
        return null;
    }

    /** Applies one event of this study; returns the lines worth logging (state changes, not progress ticks). */
    public List<String> apply(Event event) {
        if (!studyId.equals(studyOf(event))) {
            return List.of();
        }
        if (event instanceof StudyPlannedPart part) {
            return collect(part);
        }
        List<String> notes = new ArrayList<>();
        boolean runEvent = event instanceof TrainingProgress || event instanceof TrainingCompleted
                || event instanceof TrainingFailed || event instanceof PredictionsReady;
        if (runEvent && plan == null) {
            beforePlan.add(event); // so that its runs get their names and plan order; applied with the plan
            return notes;
        }
        if (event instanceof StudyPlanned e) {
            boolean first = plan == null;
            plan = e;
            rejection = null;
            for (StudyPlanned.PlannedRunSummary p : e.runs()) {
                Run run = runs.computeIfAbsent(p.runId(), Run::new);
                run.distribution = p.distribution();
                run.scale = p.scale();
                run.seed = p.seed();
                run.role = p.role();
            }
            if (first) {
                notes.add("planned " + e.runs().size() + " runs (reference scale " + e.referenceScale()
                        + ", suites " + String.join(", ", e.suites()) + ")");
                beforePlan.forEach(early -> notes.addAll(apply(early)));
                beforePlan.clear();
            }
        } else if (event instanceof StudyRejected e) {
            if (rejectionsFrom == null || !e.rejectedAt().isBefore(rejectionsFrom)) {
                rejection = e;
                notes.add("rejected with " + e.errors().size() + " error(s)");
            }
        } else if (event instanceof TrainingProgress e) {
            Run run = runs.computeIfAbsent(e.runId(), Run::new);
            if (run.status != RunStatus.TRAINED) {
                if (run.status != RunStatus.TRAINING) {
                    notes.add("training " + run.label() + " on " + e.worker());
                }
                run.status = RunStatus.TRAINING;
                run.progress = e;
                run.failure = null;
            }
        } else if (event instanceof TrainingCompleted e) {
            Run run = runs.computeIfAbsent(e.runId(), Run::new);
            if (run.status != RunStatus.TRAINED) {
                notes.add(String.format("trained %s: validation loss %.4f, %.0f s on %s", run.label(),
                        e.validationLoss(), e.wallSeconds(), e.device()));
            }
            run.status = RunStatus.TRAINED;
        } else if (event instanceof TrainingFailed e) {
            Run run = runs.computeIfAbsent(e.runId(), Run::new);
            if (run.status != RunStatus.TRAINED) {
                run.status = RunStatus.FAILED;
                run.failure = e.reason();
                notes.add("FAILED " + run.label() + " (attempt " + e.attempt() + " on " + e.worker() + "): "
                        + e.reason());
            }
        } else if (event instanceof PredictionsReady e) {
            Run run = runs.computeIfAbsent(e.runId(), Run::new);
            if (!run.predicted) {
                run.predicted = true;
                notes.add("scored " + run.label() + " on " + e.suites().size() + " suite(s)");
            }
        } else if (event instanceof StudyAnalyzed e) {
            if (analysis != null && analysis.complete() && !e.complete()) {
                return notes; // a live partial analysis overtaken by the complete one: the complete one stands
            }
            analysis = e;
            if (e.complete()) {
                notes.add("analysis complete");
            } else if (e.runsAnalyzed() != null && e.runsPlanned() != null) {
                notes.add("partial analysis over " + e.runsAnalyzed() + " of " + e.runsPlanned() + " runs"
                        + recommended(e));
            }
        }
        return notes;
    }

    /** "; recommended proxy: xs on heldout, s on lastword" for the suites with a recommendation, or "". */
    private static String recommended(StudyAnalyzed e) {
        if (e.recommendations() == null) {
            return "";
        }
        List<String> picks = e.recommendations().stream().filter(r -> r.scale() != null)
                .map(r -> r.scale() + " on " + r.suite()).toList();
        return picks.isEmpty() ? "" : "; recommended proxy so far: " + String.join(", ", picks);
    }

    /** Keeps a part of a plan; the plan counts once all its parts are here, as if it had come whole. */
    private List<String> collect(StudyPlannedPart part) {
        String plan = part.specSha256() + "/" + part.parts();
        Map<Integer, StudyPlannedPart> parts = planParts.computeIfAbsent(plan, p -> new TreeMap<>());
        parts.put(part.part(), part);
        if (parts.size() < part.parts()) {
            return List.of();
        }
        planParts.remove(plan);
        try {
            return apply(StudyPlannedPart.assemble(parts.values()));
        } catch (IllegalArgumentException e) {
            return List.of("ignored a plan whose parts do not fit together: " + e.getMessage());
        }
    }

    /** Whether the plan was made at or after {@code time} (a fresh submission), not an earlier one. */
    public boolean plannedSince(Instant time) {
        return plan != null && !plan.plannedAt().isBefore(time);
    }

    public Optional<StudyPlanned> plan() {
        return Optional.ofNullable(plan);
    }

    public Optional<StudyRejected> rejection() {
        return Optional.ofNullable(rejection);
    }

    public Optional<StudyAnalyzed> analysis() {
        return Optional.ofNullable(analysis);
    }

    public List<Run> runs() {
        return List.copyOf(runs.values());
    }

    public long count(RunStatus status) {
        return runs.values().stream().filter(r -> r.status == status).count();
    }

    public long predicted() {
        return runs.values().stream().filter(r -> r.predicted).count();
    }

    /** Planned runs, or the runs seen so far while the plan is unknown. */
    public int totalRuns() {
        return plan != null ? plan.runs().size() : runs.size();
    }

    /**
     * REJECTED and COMPLETE are final; FAILED once a run failed and nothing else is waiting or training (the
     * study can never complete); PENDING otherwise.
     */
    public Outcome outcome() {
        if (rejection != null) {
            return Outcome.REJECTED;
        }
        if (analysis != null && analysis.complete()) {
            return Outcome.COMPLETE;
        }
        boolean busy = count(RunStatus.WAITING) > 0 || count(RunStatus.TRAINING) > 0;
        if (plan != null && count(RunStatus.FAILED) > 0 && !busy) {
            return Outcome.FAILED;
        }
        return Outcome.PENDING;
    }
}
