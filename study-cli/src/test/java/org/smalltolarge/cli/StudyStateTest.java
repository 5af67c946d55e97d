package org.smalltolarge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smalltolarge.contracts.Event;
import org.smalltolarge.contracts.events.PredictionsReady;
import org.smalltolarge.contracts.events.StudyAnalyzed;
import org.smalltolarge.contracts.events.StudyPlanned;
import org.smalltolarge.contracts.events.StudyPlannedPart;
import org.smalltolarge.contracts.events.StudyRejected;
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.contracts.events.TrainingFailed;
import org.smalltolarge.contracts.events.TrainingProgress;

class StudyStateTest {
    static final String STUDY = "demo";
    static final Instant T0 = Instant.parse("2026-11-27T20:00:00Z");

    static StudyPlanned planned(String... runIds) {
        List<StudyPlanned.PlannedRunSummary> runs = new ArrayList<>();
        for (int i = 0; i < runIds.length; i++) {
            String scale = i % 2 == 0 ? "xs" : "ref";
            runs.add(new StudyPlanned.PlannedRunSummary(runIds[i], "d" + (i / 2), scale, 0,
                    scale.equals("ref") ? "reference" : "proxy", 1000, 10000, 6e7));
        }
        return new StudyPlanned(STUDY, "sha", "ref", List.of("heldout"), 100, runs, T0);
    }

    static TrainingProgress progress(String runId, long tokens, long total, double rate, Double eta) {
        return new TrainingProgress(runId, STUDY, tokens / 100, total / 100, tokens, total, 2.5, rate,
                100.0 * tokens / total, eta, "w1", T0.plusSeconds(tokens / 1000));
    }

    static TrainingCompleted completed(String runId) {
        return new TrainingCompleted(runId, STUDY, "file:/c/" + runId, "abc", 2.0, 2.1, 1000, 10000, 6e7, 12.0,
                "cpu", T0.plusSeconds(60));
    }

    static PredictionsReady predictions(String runId) {
        return new PredictionsReady(runId, STUDY,
                List.of(new PredictionsReady.SuiteSummary("heldout", "sha256:x", 100, 2.2, null)), T0.plusSeconds(70));
    }

    static List<String> feed(StudyState state, Event... events) {
        List<String> notes = new ArrayList<>();
        for (Event e : events) {
            notes.addAll(state.apply(e));
        }
        return notes;
    }

    @Test
    void followsAStudyFromPlanToCompleteAnalysis() {
        StudyState state = new StudyState(STUDY, null);
        assertEquals(List.of("demo: waiting for the plan"), ProgressView.render(state));

        List<String> notes = feed(state, planned("demo-a", "demo-b", "demo-c", "demo-d"),
                progress("demo-a", 5000, 10000, 9843, 83.0));
        assertEquals("planned 4 runs (reference scale ref, suites heldout)", notes.get(0));
        assertEquals("training d0/xs s0 on w1", notes.get(1));
        assertEquals(List.of(
                "  d0/xs s0 [############............]  50.0%  9.8k tok/s  ETA 1m23s  loss 2.500",
                "demo: runs 0/4 trained, 1 training | predictions 0/4"), ProgressView.render(state));

        notes = feed(state, completed("demo-a"), predictions("demo-a"), progress("demo-b", 2500, 10000, 500, null));
        assertEquals(List.of("trained d0/xs s0: validation loss 2.1000, 12 s on cpu", "scored d0/xs s0 on 1 suite(s)",
                "training d0/ref s0 on w1"), notes);
        assertEquals(List.of(
                "  d0/ref s0 [######..................]  25.0%  500 tok/s  ETA ?  loss 2.500",
                "demo: runs 1/4 trained, 1 training | predictions 1/4"), ProgressView.render(state));
        assertEquals(StudyState.Outcome.PENDING, state.outcome());

        feed(state, completed("demo-b"), completed("demo-c"), completed("demo-d"), predictions("demo-b"),
                predictions("demo-c"), new StudyAnalyzed(STUDY, false, List.of("demo-d"), List.of(), "u", T0));
        assertEquals(List.of("demo: runs 4/4 trained | predictions 3/4 | partial analysis (1 runs missing)"),
                ProgressView.render(state));
        assertEquals(StudyState.Outcome.PENDING, state.outcome());

        notes = feed(state, predictions("demo-d"), new StudyAnalyzed(STUDY, true, List.of(), List.of(), "u", T0));
        assertEquals(List.of("scored d1/ref s0 on 1 suite(s)", "analysis complete"), notes);
        assertEquals(StudyState.Outcome.COMPLETE, state.outcome());
    }

    @Test
    void livePartialAnalysesShowTheAnswerFormingAndNeverUndoTheCompleteOne() {
        StudyState state = new StudyState(STUDY, null);
        feed(state, planned("demo-a", "demo-b", "demo-c", "demo-d"), completed("demo-a"), predictions("demo-a"),
                completed("demo-b"), predictions("demo-b"));
        StudyAnalyzed twoOfFour = new StudyAnalyzed(STUDY, false, List.of("demo-c", "demo-d"), List.of(), "u", T0, 4,
                2, List.of(new StudyAnalyzed.Recommendation("heldout", "xs", 86.0, "threshold", 0.8, null),
                        new StudyAnalyzed.Recommendation("lastword", null, null, null, null, "no ceiling")));
        assertEquals(List.of("partial analysis over 2 of 4 runs; recommended proxy so far: xs on heldout"),
                feed(state, twoOfFour));
        assertEquals(StudyState.Outcome.PENDING, state.outcome(), "a partial analysis is not the end");
        assertEquals("demo: runs 2/4 trained | predictions 2/4 | partial analysis (2 of 4 runs)",
                ProgressView.studyLine(state));

        StudyAnalyzed complete = new StudyAnalyzed(STUDY, true, List.of(), List.of(), "u", T0, 4, 4, List.of());
        StudyAnalyzed threeOfFour = new StudyAnalyzed(STUDY, false, List.of("demo-d"), List.of(), "u", T0, 4, 3,
                List.of());
        feed(state, completed("demo-c"), completed("demo-d"), predictions("demo-c"), predictions("demo-d"));
        assertEquals(List.of("analysis complete"), feed(state, complete));
        // A partial analysis published just before the complete one may be read after it: the complete one stands.
        assertEquals(List.of(), feed(state, threeOfFour));
        assertEquals(StudyState.Outcome.COMPLETE, state.outcome());
        assertTrue(state.analysis().orElseThrow().complete());
    }

    @Test
    void replayedDuplicatesAndStaleProgressChangeNothing() {
        StudyState state = new StudyState(STUDY, null);
        feed(state, planned("demo-a", "demo-b"), progress("demo-a", 9000, 10000, 1000, 1.0), completed("demo-a"));
        // at-least-once delivery: the same completion again, and a progress record that arrives late
        List<String> notes = feed(state, completed("demo-a"), progress("demo-a", 9500, 10000, 1000, 1.0),
                planned("demo-a", "demo-b"));
        assertEquals(List.of(), notes);
        assertEquals(1, state.count(StudyState.RunStatus.TRAINED));
        assertEquals(0, state.count(StudyState.RunStatus.TRAINING));
    }

    @Test
    void aFailedRunEndsTheStudyOnceNothingElseCanRun() {
        StudyState state = new StudyState(STUDY, null);
        List<String> notes = feed(state, planned("demo-a", "demo-b"),
                new TrainingFailed("demo-a", STUDY, "loss became NaN", "w2", 1, T0));
        assertEquals(List.of("planned 2 runs (reference scale ref, suites heldout)",
                "FAILED d0/xs s0 (attempt 1 on w2): loss became NaN"), notes);
        assertEquals(StudyState.Outcome.PENDING, state.outcome(), "demo-b may still train");
        feed(state, progress("demo-b", 100, 10000, 1000, 9.9));
        assertEquals(StudyState.Outcome.PENDING, state.outcome());
        feed(state, completed("demo-b"));
        assertEquals(StudyState.Outcome.FAILED, state.outcome());
        assertTrue(ProgressView.render(state).get(0).contains("runs 1/2 trained, 1 failed"));
    }

    @Test
    void onlyRejectionsOfThisSubmissionCount() {
        StudyRejected old = new StudyRejected(STUDY, List.of(new StudyRejected.FieldProblem("id", "taken")),
                T0.minusSeconds(3600));
        StudyState resubmitted = new StudyState(STUDY, T0);
        feed(resubmitted, old);
        assertEquals(StudyState.Outcome.PENDING, resubmitted.outcome());

        StudyRejected now = new StudyRejected(STUDY, List.of(new StudyRejected.FieldProblem("scales[0]", "too big")),
                T0.plusSeconds(1));
        feed(resubmitted, now);
        assertEquals(StudyState.Outcome.REJECTED, resubmitted.outcome());
        assertEquals("scales[0]: too big", resubmitted.rejection().orElseThrow().errors().get(0).toString());
        assertEquals(false, resubmitted.plannedSince(T0));
        feed(resubmitted, planned("demo-a"));
        assertEquals(true, resubmitted.plannedSince(T0), "planned at T0: an answer to a submission at T0");
        assertEquals(false, resubmitted.plannedSince(T0.plusMillis(1)));
        assertEquals(StudyState.Outcome.PENDING, resubmitted.outcome(), "a later plan answers a later submission");
    }

    @Test
    void eventsOfAnotherStudyAreIgnored() {
        StudyState state = new StudyState(STUDY, null);
        TrainingCompleted other = new TrainingCompleted("demo-2-a", "demo-2", "file:/c", "abc", 2, 2, 1, 1, 6, 1,
                "cpu", T0);
        assertEquals(List.of(), state.apply(other));
        assertEquals(0, state.runs().size());
    }

    @Test
    void runEventsReadBeforeThePlanAreAppliedWithIt() {
        StudyState state = new StudyState(STUDY, null);
        assertEquals(List.of(), feed(state, completed("demo-b"), predictions("demo-b")));
        assertEquals(List.of("demo: waiting for the plan"), ProgressView.render(state));
        List<String> notes = feed(state, planned("demo-a", "demo-b"));
        assertEquals(List.of("planned 2 runs (reference scale ref, suites heldout)",
                "trained d0/ref s0: validation loss 2.1000, 12 s on cpu", "scored d0/ref s0 on 1 suite(s)"), notes);
        assertEquals(List.of("demo-a", "demo-b"), state.runs().stream().map(StudyState.Run::runId).toList());
        assertEquals(StudyState.RunStatus.TRAINED, state.runs().get(1).status());
    }

    @Test
    void aPlanInPartsCountsOnceEveryPartIsRead() {
        StudyPlanned whole = planned("demo-a", "demo-b", "demo-c", "demo-d", "demo-e", "demo-f");
        List<StudyPlannedPart> parts = StudyPlannedPart.split(whole, 500);
        assertTrue(parts.size() >= 3, parts.size() + " parts");
        StudyState state = new StudyState(STUDY, null);
        List<Event> allButTheFirst = new ArrayList<>(parts.subList(1, parts.size()));
        allButTheFirst.add(parts.get(parts.size() - 1)); // read twice
        assertEquals(List.of(), feed(state, completed("demo-b")));
        assertEquals(List.of(), feed(state, allButTheFirst.toArray(Event[]::new)));
        assertTrue(state.plan().isEmpty(), "part of a plan is no plan");
        assertEquals(List.of("demo: waiting for the plan"), ProgressView.render(state));

        List<String> notes = feed(state, parts.get(0));
        assertEquals(List.of("planned 6 runs (reference scale ref, suites heldout)",
                "trained d0/ref s0: validation loss 2.1000, 12 s on cpu"), notes);
        assertEquals(whole, state.plan().orElseThrow());
        assertEquals(List.of("demo-a", "demo-b", "demo-c", "demo-d", "demo-e", "demo-f"),
                state.runs().stream().map(StudyState.Run::runId).toList());
        assertEquals(6, state.totalRuns());
        assertEquals(List.of(), feed(state, parts.get(1)), "a part read again changes nothing");
    }
}
