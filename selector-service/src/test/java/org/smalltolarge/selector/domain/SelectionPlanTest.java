package org.smalltolarge.selector.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.smalltolarge.contracts.RequestRejectedException;
import org.smalltolarge.contracts.events.AttributionRequested;
import org.smalltolarge.contracts.events.ExamplePool;
import org.smalltolarge.contracts.events.SelectionRequested;
import org.smalltolarge.contracts.events.StudyRejected.FieldProblem;
import org.smalltolarge.corpus.Corpus;
import org.smalltolarge.spec.ModelShape;
import org.smalltolarge.spec.PlannedRun;
import org.smalltolarge.spec.Scale;
import org.smalltolarge.spec.SpecLimits;
import org.smalltolarge.spec.StudyPlanner;
import org.smalltolarge.spec.StudySpecs;
import org.smalltolarge.spec.TrainingSettings;
import org.smalltolarge.spec.Validation;

@Tag("slow") // reads the built demo corpus
class SelectionPlanTest {
    static final Scale TINY = new Scale("tiny", new ModelShape(16, 1, 2, 32), 20_480);
    static final Scale SMALL = new Scale("small", new ModelShape(32, 1, 2, 32), 20_480);
    static final Scale REF = new Scale("ref", new ModelShape(32, 2, 2, 32), 40_960);
    private static Corpus corpus;

    @BeforeAll
    static void openCorpus() {
        String dir = System.getProperty("s2l.corpus.dir");
        Assumptions.assumeTrue(dir != null && !dir.isBlank(),
                "skipped: set -Ds2l.corpus.dir=<built corpus> (after 'bin/data build --out <dir>')");
        corpus = Corpus.open(Path.of(dir));
    }

    static SelectionRequested request(List<String> methods, List<Scale> proxies, int ensemble,
                                      Map<String, Map<String, Double>> mixtures) {
        return new SelectionRequested("sel-test", "demo", new ExamplePool(Map.of("fiction", 1.0, "email", 1.0), 30, 2L,
                null), new SelectionRequested.TargetTask("lastword", 5, 7), 10, methods, proxies, REF, List.of(0L), 2,
                0, new SelectionRequested.DsdmSettings(ensemble, new AttributionRequested.ProjectionSettings("factored",
                64, 0), 1, "margin"), 1000, mixtures, TrainingSettings.DEFAULTS, Instant.EPOCH, null);
    }

    @Test
    void aPlanSplitsTheTaskAndItsStudyIsOneTheTrainerAccepts() throws Exception {
        SelectionPlan plan = SelectionPlan.resolve(request(List.of("dsdm", "dsir", "random"), List.of(TINY, SMALL), 2,
                Map.of("fiction_only", Map.of("fiction", 1.0))), corpus);
        assertEquals(30, plan.pool().size());
        assertEquals(5, plan.targets().size());
        assertEquals(7, plan.holdout().size());
        assertTrue(plan.targets().stream().noneMatch(t -> plan.holdout().contains(t)), "targets and holdout differ");
        AttributionRequested attribution = plan.attributionRequest(Instant.EPOCH);
        assertEquals(plan.pool(), attribution.trainingSet().examples());
        assertEquals(0, attribution.lds().subsets());
        assertEquals("small", attribution.reference());

        List<Selection> made = SelectionMethods.baselines(plan, plan.poolTexts(corpus));
        assertEquals(List.of("dsir", "random_0", "random_1"), made.stream().map(Selection::name).toList());
        Validation v = StudySpecs.validate(new ObjectMapper().valueToTree(plan.studySpec(made)),
                new SpecLimits(10_000_000, 100_000_000, 1024, 1000), corpus.domains());
        assertTrue(v.valid(), v.toString());
        List<PlannedRun> runs = StudyPlanner.plan(v.spec());
        assertEquals(4 * 3, runs.size(), "three selections and the mixture at two proxy scales and the reference");
        assertEquals(List.of("tiny", "small", "ref"), v.spec().scales().stream().map(Scale::name).toList());
    }

    @Test
    void everyProblemIsReportedWithItsFieldPath() {
        RequestRejectedException e = assertThrows(RequestRejectedException.class, () -> SelectionPlan.resolve(
                request(List.of("dsdm", "magic", "dsdm"), List.of(TINY), 1, Map.of("dsir", Map.of("novels", 1.0))),
                corpus));
        List<String> paths = e.problems().stream().map(FieldProblem::path).toList();
        assertEquals(List.of("methods[1]", "methods[2]", "proxy_scales", "dsdm.ensemble", "mixtures.dsir",
                "mixtures.dsir.novels"), paths, e.problems().toString());

        RequestRejectedException clash = assertThrows(RequestRejectedException.class, () -> SelectionPlan.resolve(
                request(List.of("dsir"), List.of(new Scale("ref", TINY.model(), TINY.tokenBudget())), 2, null),
                corpus));
        assertEquals("proxy_scales[0].name", clash.problems().get(0).path());
    }
}
