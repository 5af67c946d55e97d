package org.smalltolarge.attribution.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.smalltolarge.contracts.RequestRejectedException;
import org.smalltolarge.contracts.events.AttributionRequested;
import org.smalltolarge.contracts.events.ExamplePool;
import org.smalltolarge.contracts.events.StudyRejected.FieldProblem;
import org.smalltolarge.corpus.Corpus;
import org.smalltolarge.corpus.Split;
import org.smalltolarge.spec.ModelShape;
import org.smalltolarge.spec.PlannedRun;
import org.smalltolarge.spec.Scale;
import org.smalltolarge.spec.SpecLimits;
import org.smalltolarge.spec.StudyPlanner;
import org.smalltolarge.spec.StudySpecs;
import org.smalltolarge.spec.TrainingSettings;
import org.smalltolarge.spec.Validation;

@Tag("slow") // reads the built demo corpus
class AttributionPlanTest {

    private static Corpus corpus;

    @BeforeAll
    static void openCorpus() {
        String dir = System.getProperty("s2l.corpus.dir");
        Assumptions.assumeTrue(dir != null && !dir.isBlank(),
                "skipped: set -Ds2l.corpus.dir=<built corpus> (after 'bin/data build --out <dir>')");
        corpus = Corpus.open(Path.of(dir));
    }

    static AttributionRequested request(ExamplePool set, String reference, String secondScale,
                                        String suite, int k) {
        Scale tiny = new Scale("tiny", new ModelShape(32, 1, 2, 64), 200_000);
        Scale small = new Scale(secondScale, new ModelShape(64, 2, 2, 64), 400_000);
        return new AttributionRequested("attr-test", "demo", set, new AttributionRequested.Targets(suite, 20),
                List.of(tiny, small), reference, 3, new AttributionRequested.LdsSettings(8, 5),
                new AttributionRequested.ProjectionSettings("factored", k, 0), 0.01, "margin",
                TrainingSettings.DEFAULTS, Instant.parse("2026-12-02T00:00:00Z"), null);
    }

    static ExamplePool mixture(int size) {
        return new ExamplePool(Map.of("fiction", 1.0, "speeches", 3.0), size, 9L, null);
    }

    @Test
    void aMixturePoolIsDrawnInProportionFromTrainingDocumentsAndTheSameEveryTime() throws Exception {
        AttributionPlan plan = AttributionPlan.resolve(request(mixture(100), "small", "small", "lastword", 1024), corpus);
        AttributionPlan again = AttributionPlan.resolve(request(mixture(100), "small", "small", "lastword", 1024), corpus);
        assertEquals(100, plan.pool().size());
        assertEquals(plan.pool(), again.pool());
        assertEquals(100, new HashSet<>(plan.pool()).size(), "documents are distinct");
        long speeches = plan.pool().stream().filter(id -> corpus.locate(id).domain().equals("speeches")).count();
        assertEquals(75, speeches);
        for (String id : plan.pool()) {
            assertEquals(Split.TRAIN, corpus.locate(id).split(), id);
        }
        assertEquals(20, plan.targets().size());
    }

    @Test
    void everyModelTrainsOnItsOwnSeededHalf() throws Exception {
        AttributionPlan plan = AttributionPlan.resolve(request(mixture(101), "small", "small", "lastword", 1024), corpus);
        assertEquals(3, plan.ensembleMasks().size());
        assertEquals(8, plan.subsetMasks().size());
        Set<String> distinct = new HashSet<>();
        for (boolean[] mask : plan.subsetMasks()) {
            int members = 0;
            for (boolean m : mask) {
                members += m ? 1 : 0;
            }
            assertEquals(50, members);
            distinct.add(java.util.Arrays.toString(mask));
        }
        for (boolean[] mask : plan.ensembleMasks()) {
            distinct.add(java.util.Arrays.toString(mask));
        }
        assertEquals(11, distinct.size(), "halves differ from each other");
    }

    @Test
    void theStudySpecIsOneTheTrainerAcceptsWithARunPerHalfAndScale() throws Exception {
        AttributionPlan plan = AttributionPlan.resolve(request(mixture(60), "small", "small", "capitals", 512), corpus);
        Validation v = StudySpecs.validate(new ObjectMapper().valueToTree(plan.studySpec()),
                new SpecLimits(5_000_000, 100_000_000, 1024, 10_000), corpus.domains());
        assertTrue(v.valid(), v.toString());
        List<PlannedRun> runs = StudyPlanner.plan(v.spec());
        assertEquals((3 + 8) * 2, runs.size());
        assertEquals("attr-test-models", runs.get(0).studyId());
        assertEquals(plan.distributions().get(0).examples(),
                runs.stream().filter(r -> r.distribution().name().equals("ensemble_0")).findFirst().orElseThrow()
                        .distribution().examples());
    }

    @Test
    void everyProblemIsReportedWithItsFieldPath() {
        AttributionRequested bad = request(new ExamplePool(Map.of("fiction", 1.0, "novels", 1.0),
                50, 0L, null), "huge", "tiny", "trivia", 0);
        RequestRejectedException e = assertThrows(RequestRejectedException.class,
                () -> AttributionPlan.resolve(bad, corpus));
        List<String> paths = e.problems().stream().map(FieldProblem::path).toList();
        assertEquals(List.of("scales[1].name", "reference", "projection.k", "training_set.mixture.novels",
                "targets.suite"), paths, e.problems().toString());
        assertFalse(e.problems().get(3).reason().isBlank());

        AttributionRequested unknownDoc = request(new ExamplePool(null, null, null,
                List.of("fiction/none", "a", "b", "c", "d", "e", "f", "g")), "small", "small", "lastword", 64);
        RequestRejectedException missing = assertThrows(RequestRejectedException.class,
                () -> AttributionPlan.resolve(unknownDoc, corpus));
        assertEquals(new FieldProblem("training_set.examples[0]", "no document 'fiction/none' in the corpus"),
                missing.problems().get(0));
    }

    @Test
    void noLdsBankMeansScoresOnlyAndTooSmallABankIsRefused() throws Exception {
        AttributionRequested base = request(mixture(40), "small", "small", "lastword", 256);
        AttributionPlan scoresOnly = AttributionPlan.resolve(withSubsets(base, 0), corpus);
        assertEquals(0, scoresOnly.subsetMasks().size());
        assertEquals(3 * 2, StudyPlanner.plan(StudySpecs.validate(new ObjectMapper().valueToTree(
                scoresOnly.studySpec()), new SpecLimits(5_000_000, 100_000_000, 1024, 10_000), corpus.domains())
                .spec()).size(), "ensemble models only");
        RequestRejectedException e = assertThrows(RequestRejectedException.class,
                () -> AttributionPlan.resolve(withSubsets(base, 2), corpus));
        assertEquals(List.of("lds.subsets"), e.problems().stream().map(FieldProblem::path).toList());
    }

    private static AttributionRequested withSubsets(AttributionRequested r, int subsets) {
        return new AttributionRequested(r.attributionId(), r.corpus(), r.trainingSet(), r.targets(), r.scales(),
                r.reference(), r.ensemble(), new AttributionRequested.LdsSettings(subsets, 5), r.projection(),
                r.ridgeLambda(), r.output(), r.training(), r.requestedAt(), r.requestedBy());
    }
}
