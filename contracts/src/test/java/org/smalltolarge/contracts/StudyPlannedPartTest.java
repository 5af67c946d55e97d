package org.smalltolarge.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.smalltolarge.contracts.events.StudyPlanned;
import org.smalltolarge.contracts.events.StudyPlanned.PlannedRunSummary;
import org.smalltolarge.contracts.events.StudyPlannedPart;

/** A plan split into study.planned.v2 parts, and put back together the way consumers receive them. */
class StudyPlannedPartTest {
    private static final int BUDGET = 128 * 1024;

    /** Runs with long names, as a generated study may have: far beyond one Kafka record when sent whole. */
    private static StudyPlanned plan(int runs, int nameLength) {
        List<PlannedRunSummary> summaries = new ArrayList<>();
        String stem = "d".repeat(nameLength);
        for (int i = 0; i < runs; i++) {
            summaries.add(new PlannedRunSummary("big-study-%016x".formatted(i), stem + (i % 50), i % 2 == 0 ? "xs" : "ref",
                    i / 100, i % 2 == 0 ? "proxy" : "reference", 1000 + i, 20_000, 6.0 * (1000 + i) * 20_000));
        }
        return new StudyPlanned("big-study", SampleEvents.SHA, "ref", List.of("heldout", "capitals"), 200, summaries,
                SampleEvents.T);
    }

    private static int bytes(StudyPlannedPart part) {
        return EventJson.encode(part).getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void partsStayWithinTheBudgetAndMakeUpThePlanInOrder() {
        StudyPlanned plan = plan(10_000, 200);
        int whole = EventJson.encode(plan).getBytes(StandardCharsets.UTF_8).length;
        assertTrue(whole > 2 * 1024 * 1024, "the test plan is larger than Kafka's default record limit: " + whole);

        List<StudyPlannedPart> parts = StudyPlannedPart.split(plan, BUDGET);
        assertTrue(parts.size() >= whole / BUDGET, parts.size() + " parts");
        for (StudyPlannedPart part : parts) {
            assertTrue(bytes(part) <= BUDGET, "part " + part.part() + ": " + bytes(part) + " bytes");
            assertEquals(parts.size(), part.parts());
        }
        // Parts are filled: the next run would not have fit into the part before it.
        for (int i = 0; i + 1 < parts.size(); i++) {
            StudyPlannedPart p = parts.get(i);
            List<PlannedRunSummary> more = new ArrayList<>(p.runs());
            more.add(parts.get(i + 1).runs().get(0));
            StudyPlannedPart bigger = new StudyPlannedPart(p.studyId(), p.specSha256(), p.part(), p.parts(),
                    p.referenceScale(), p.suites(), p.maxItemsPerSuite(), more, p.plannedAt());
            assertTrue(bytes(bigger) > BUDGET - 32, "part " + p.part() + " had room for another run");
        }
        assertEquals(List.of(1, 2, 3), parts.subList(0, 3).stream().map(StudyPlannedPart::part).toList());
        assertEquals(parts.size(), parts.stream().map(StudyPlannedPart::eventId).distinct().count(),
                "each part is its own event");
        assertEquals(Set.of("big-study"), parts.stream().map(StudyPlannedPart::key).collect(Collectors.toSet()),
                "one key: the parts stay in order in one partition");
        assertEquals(plan, StudyPlannedPart.assemble(parts));
    }

    @Test
    void redeliveredAndReorderedPartsMakeUpTheSamePlan() {
        StudyPlanned plan = plan(3_000, 40);
        List<StudyPlannedPart> parts = StudyPlannedPart.split(plan, BUDGET);
        assertTrue(parts.size() >= 3, parts.size() + " parts");
        List<StudyPlannedPart> delivered = new ArrayList<>(parts);
        delivered.addAll(parts.subList(0, 2));
        Collections.shuffle(delivered, new Random(7));
        assertEquals(plan, StudyPlannedPart.assemble(delivered));
    }

    @Test
    void aSmallPlanIsOnePart() {
        StudyPlanned plan = plan(4, 10);
        List<StudyPlannedPart> parts = StudyPlannedPart.split(plan, BUDGET);
        assertEquals(1, parts.size());
        assertEquals(1, parts.get(0).part());
        assertEquals(plan.runs(), parts.get(0).runs());
    }

    @Test
    void aRunTooLargeForTheBudgetTravelsAlone() {
        StudyPlanned plan = plan(30, 10);
        List<PlannedRunSummary> runs = new ArrayList<>(plan.runs());
        PlannedRunSummary r = runs.get(10);
        runs.set(10, new PlannedRunSummary(r.runId(), "x".repeat(BUDGET), r.scale(), r.seed(), r.role(),
                r.parameters(), r.tokens(), r.flops()));
        StudyPlanned withHugeName = new StudyPlanned(plan.studyId(), plan.specSha256(), plan.referenceScale(),
                plan.suites(), plan.maxItemsPerSuite(), runs, plan.plannedAt());
        List<StudyPlannedPart> parts = StudyPlannedPart.split(withHugeName, BUDGET);
        assertEquals(3, parts.size());
        assertEquals(List.of(runs.get(10)), parts.get(1).runs());
        assertEquals(withHugeName, StudyPlannedPart.assemble(parts));
    }

    @Test
    void incompleteOrInconsistentPartsAreRefusedWithTheReason() {
        List<StudyPlannedPart> parts = StudyPlannedPart.split(plan(3_000, 40), BUDGET);
        int n = parts.size();

        List<StudyPlannedPart> missingSecond = new ArrayList<>(parts);
        missingSecond.remove(1);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> StudyPlannedPart.assemble(missingSecond));
        assertEquals("study big-study: part 2 of " + n + " is missing", missing.getMessage());

        StudyPlannedPart p = parts.get(2);
        List<StudyPlannedPart> otherReference = new ArrayList<>(parts);
        otherReference.set(2, new StudyPlannedPart(p.studyId(), p.specSha256(), p.part(), p.parts(), "xs",
                p.suites(), p.maxItemsPerSuite(), p.runs(), p.plannedAt()));
        IllegalArgumentException disagree = assertThrows(IllegalArgumentException.class,
                () -> StudyPlannedPart.assemble(otherReference));
        assertEquals("study big-study: parts 1 and 3 disagree on reference_scale (ref vs xs)", disagree.getMessage());

        List<StudyPlannedPart> twoThirds = new ArrayList<>(parts);
        twoThirds.add(new StudyPlannedPart(p.studyId(), p.specSha256(), p.part(), p.parts(), p.referenceScale(),
                p.suites(), p.maxItemsPerSuite(), p.runs().subList(1, p.runs().size()), p.plannedAt()));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> StudyPlannedPart.assemble(twoThirds));
        assertEquals("study big-study: two different parts numbered 3 of " + n, twice.getMessage());

        assertThrows(IllegalArgumentException.class, () -> StudyPlannedPart.assemble(List.of()));
        IllegalArgumentException beyond = assertThrows(IllegalArgumentException.class, () -> new StudyPlannedPart(
                p.studyId(), p.specSha256(), n + 1, n, p.referenceScale(), p.suites(), p.maxItemsPerSuite(),
                p.runs(), p.plannedAt()));
        assertEquals("part must be between 1 and parts, got part " + (n + 1) + " of " + n, beyond.getMessage());
    }

    @Test
    void theStudysRecommendationThresholdTravelsInEveryPartAndPartsMustAgreeOnIt() {
        StudyPlanned without = plan(3_000, 40);
        StudyPlanned plan = new StudyPlanned(without.studyId(), without.specSha256(), without.referenceScale(),
                without.suites(), without.maxItemsPerSuite(), without.runs(), without.plannedAt(), 0.85);
        List<StudyPlannedPart> parts = StudyPlannedPart.split(plan, BUDGET);
        assertTrue(parts.size() >= 3, parts.size() + " parts");
        parts.forEach(p -> assertEquals(0.85, p.recommendMinCorrelation(), 0, "part " + p.part()));
        assertEquals(plan, StudyPlannedPart.assemble(parts));
        assertTrue(EventJson.encode(plan).contains("\"recommend_min_correlation\":0.85"));
        assertTrue(!EventJson.encode(without).contains("recommend_min_correlation"), "absent when the study sets none");

        StudyPlannedPart p = parts.get(1);
        List<StudyPlannedPart> mixed = new ArrayList<>(parts);
        mixed.set(1, new StudyPlannedPart(p.studyId(), p.specSha256(), p.part(), p.parts(), p.referenceScale(),
                p.suites(), p.maxItemsPerSuite(), p.runs(), p.plannedAt()));
        IllegalArgumentException disagree = assertThrows(IllegalArgumentException.class,
                () -> StudyPlannedPart.assemble(mixed));
        assertEquals("study big-study: parts 1 and 2 disagree on recommend_min_correlation (0.85 vs null)",
                disagree.getMessage());
    }
}
