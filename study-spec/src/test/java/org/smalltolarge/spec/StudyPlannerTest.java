package org.smalltolarge.spec;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudyPlannerTest {

    private static final String QUICK_DEMO = Fixtures.text("valid/quick-demo.yaml");

    @Test
    void expandsEveryDistributionScaleAndSeedPlusExtraReferenceSeeds() {
        List<PlannedRun> runs = StudyPlanner.plan(Fixtures.spec("valid/quick-demo.yaml"));

        // 3 distributions x 2 scales x seed 0, plus reference seed 1 for each distribution (0 is already there).
        assertEquals(List.of(
                "prose/xs/0/PROXY", "prose/ref/0/REFERENCE", "prose/ref/1/REFERENCE",
                "code/xs/0/PROXY", "code/ref/0/REFERENCE", "code/ref/1/REFERENCE",
                "picked/xs/0/PROXY", "picked/ref/0/REFERENCE", "picked/ref/1/REFERENCE"),
                runs.stream().map(StudyPlannerTest::describe).toList());
        for (PlannedRun run : runs) {
            assertTrue(run.runId().matches("quick-demo-[0-9a-f]{16}"), run.runId());
            assertEquals("quick-demo", run.studyId());
        }
        assertEquals(runs.size(), runs.stream().map(PlannedRun::runId).distinct().count(), "ids are unique");
    }

    @Test
    void paperShapedStudyPlansSixtyRuns() {
        StudySpec spec = Fixtures.spec("valid/paper-shaped.yaml");
        List<PlannedRun> runs = StudyPlanner.plan(spec);

        assertEquals(10 * 4 + 10 * 2, runs.size());
        assertEquals(10 * 3, runs.stream().filter(r -> r.role() == PlannedRun.Role.REFERENCE).count());
        assertEquals(StudyPlanner.runCount(10, 4, 1, 2), runs.size());
    }

    @Test
    void sameDocumentAlwaysGivesTheSamePlan() {
        List<PlannedRun> first = StudyPlanner.plan(Fixtures.validate(QUICK_DEMO).spec());
        List<PlannedRun> second = StudyPlanner.plan(Fixtures.validate(QUICK_DEMO).spec());

        assertEquals(first, second);
    }

    @Test
    void changingOneReferenceSeedChangesOnlyTheRunsWithThatSeed() {
        Map<String, String> before = idsByRun(QUICK_DEMO);
        Map<String, String> after = idsByRun(QUICK_DEMO.replace("reference_seeds: [0, 1]", "reference_seeds: [0, 2]"));

        Set<String> changedRuns = Set.of("prose/ref/1/REFERENCE", "code/ref/1/REFERENCE", "picked/ref/1/REFERENCE");
        Set<String> kept = new HashSet<>(before.keySet());
        kept.removeAll(changedRuns);
        for (String run : kept) {
            assertEquals(before.get(run), after.get(run), run);
        }
        Set<String> newIds = after.entrySet().stream().filter(e -> e.getKey().contains("/ref/2/"))
                .map(Map.Entry::getValue).collect(Collectors.toSet());
        assertEquals(3, newIds.size());
        for (String id : newIds) {
            assertTrue(!before.containsValue(id), "seed 2 reuses an old id: " + id);
        }
    }

    @Test
    void changingTheMainSeedKeepsReferenceRunsOfUntouchedSeeds() {
        Map<String, String> before = idsByRun(QUICK_DEMO);
        Map<String, String> after = idsByRun(QUICK_DEMO.replace("seeds: [0]\n", "seeds: [3]\n"));

        // Seed 0 stays planned at the reference scale (it is a reference seed) and keeps its id.
        assertEquals(before.get("prose/ref/0/REFERENCE"), after.get("prose/ref/0/REFERENCE"));
        assertEquals(before.get("code/ref/1/REFERENCE"), after.get("code/ref/1/REFERENCE"));
        assertTrue(!before.containsValue(after.get("prose/xs/3/PROXY")));
        assertTrue(!after.containsKey("prose/xs/0/PROXY"));
    }

    @Test
    void everyPartThatDecidesTheTrainedModelChangesTheId() {
        StudySpec spec = Fixtures.spec("valid/quick-demo.yaml");
        String original = firstRunId(spec);

        List<UnaryOperator<String>> edits = List.of(
                t -> t.replace("id: quick-demo", "id: quick-demo-2"),
                t -> t.replace("corpus: demo", "corpus: /data/other"),
                t -> t.replace("name: prose", "name: prose2"),
                t -> t.replace("{fiction: 0.5, speeches: 0.5}", "{fiction: 0.6, speeches: 0.4}"),
                t -> t.replace("{fiction: 0.5, speeches: 0.5}", "{fiction: 0.5, email: 0.5}"),
                t -> t.replace("d_model: 64, layers: 2, heads: 2", "d_model: 64, layers: 3, heads: 2"),
                t -> t.replace("tokens: 2000000", "tokens: 2000001"),
                t -> t.replace("name: xs", "name: xs_small"),
                t -> t.replace("learning_rate: 0.003", "learning_rate: 0.001"),
                t -> t.replace("seeds: [0]\n", "seeds: [1]\n"));
        Set<String> seen = new HashSet<>(Set.of(original));
        for (UnaryOperator<String> edit : edits) {
            String edited = edit.apply(QUICK_DEMO);
            assertNotEquals(QUICK_DEMO, edited, "the edit must apply");
            String id = firstRunId(Fixtures.validate(edited).spec());
            assertTrue(seen.add(id), "edit kept or reused an id: " + edited);
        }
    }

    @Test
    void roleIsPartOfTheId() {
        // The same model, seed and data as a proxy and as the reference are different runs.
        String asReference = QUICK_DEMO.replace("reference: ref", "reference: xs");
        Map<String, String> before = idsByRun(QUICK_DEMO);
        Map<String, String> after = idsByRun(asReference);

        assertNotEquals(before.get("prose/xs/0/PROXY"), after.get("prose/xs/0/REFERENCE"));
    }

    @Test
    void whatDoesNotChangeTheTrainedModelKeepsTheId() {
        String original = firstRunId(Fixtures.spec("valid/quick-demo.yaml"));
        List<String> sameModel = List.of(
                QUICK_DEMO.replace("{fiction: 0.5, speeches: 0.5}", "{fiction: 1, speeches: 1}"),
                QUICK_DEMO.replace("max_items_per_suite: 200", "max_items_per_suite: 50"),
                QUICK_DEMO.replace("description: Two tiny", "description: Two small"));
        for (String text : sameModel) {
            assertEquals(original, firstRunId(Fixtures.validate(text).spec()), text);
        }
        String reorderedExamples = QUICK_DEMO.replace("[fiction-0003, speeches-0017, fiction-0001]",
                "[speeches-0017, fiction-0001, fiction-0003]");
        assertEquals(idsByRun(QUICK_DEMO), idsByRun(reorderedExamples));
    }

    @Test
    void flopsAreSixTimesParametersTimesTokens() {
        PlannedRun xsRun = StudyPlanner.plan(Fixtures.spec("valid/quick-demo.yaml")).get(0);

        assertEquals(6.0 * 124_736 * 2_000_000, xsRun.flops());
    }

    private static String firstRunId(StudySpec spec) {
        return StudyPlanner.plan(spec).get(0).runId();
    }

    private static Map<String, String> idsByRun(String text) {
        return StudyPlanner.plan(Fixtures.validate(text).spec()).stream()
                .collect(Collectors.toMap(StudyPlannerTest::describe, PlannedRun::runId));
    }

    private static String describe(PlannedRun run) {
        return run.distribution().name() + "/" + run.scale().name() + "/" + run.seed() + "/" + run.role();
    }
}
