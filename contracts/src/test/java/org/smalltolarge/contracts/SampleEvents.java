package org.smalltolarge.contracts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.smalltolarge.contracts.events.AttributionCompleted;
import org.smalltolarge.contracts.events.AttributionRejected;
import org.smalltolarge.contracts.events.AttributionRequested;
import org.smalltolarge.contracts.events.ExamplePool;
import org.smalltolarge.contracts.events.PredictionsReady;
import org.smalltolarge.contracts.events.SelectionCompleted;
import org.smalltolarge.contracts.events.SelectionRejected;
import org.smalltolarge.contracts.events.SelectionRequested;
import org.smalltolarge.contracts.events.StudyAnalyzed;
import org.smalltolarge.contracts.events.StudyPlanned;
import org.smalltolarge.contracts.events.StudyPlannedPart;
import org.smalltolarge.contracts.events.StudyRejected;
import org.smalltolarge.contracts.events.StudyRequested;
import org.smalltolarge.contracts.events.StudyRequestedByReference;
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.contracts.events.TrainingFailed;
import org.smalltolarge.contracts.events.TrainingProgress;
import org.smalltolarge.contracts.events.TrainingRequested;
import org.smalltolarge.spec.Distribution;
import org.smalltolarge.spec.ModelShape;
import org.smalltolarge.spec.Scale;
import org.smalltolarge.spec.TrainingSettings;

/** One realistic instance of every event type, with optional fields both present and absent. */
final class SampleEvents {
    static final Instant T = Instant.parse("2026-11-27T10:15:30.123Z");
    static final String SHA = "a".repeat(64);

    static Map<EventType, List<Event>> all() {
        ObjectNode spec = JsonNodeFactory.instance.objectNode().put("id", "demo");
        Scale xs = new Scale("xs", new ModelShape(64, 2, 2, 128), 2_000_000);
        StudyPlanned.PlannedRunSummary proxy = new StudyPlanned.PlannedRunSummary("demo-0123456789abcdef", "prose",
                "xs", 0, "proxy", 120_000, 2_000_000, 1.44e12);
        StudyPlanned.PlannedRunSummary reference = new StudyPlanned.PlannedRunSummary("demo-fedcba9876543210",
                "prose", "ref", 0, "reference", 8_000_000, 16_000_000, 7.68e14);
        return Map.ofEntries(
                Map.entry(EventType.STUDY_REQUESTED, List.of(new StudyRequested("demo", spec, T, "cli:alice"),
                        new StudyRequested("demo", spec, T, null))),
                Map.entry(EventType.STUDY_REQUESTED_BY_REFERENCE, List.of(
                        new StudyRequestedByReference("demo", SHA, T, "rest"),
                        new StudyRequestedByReference("demo", SHA, T, null))),
                Map.entry(EventType.STUDY_PLANNED_PART, List.of(
                        new StudyPlannedPart("demo", SHA, 1, 2, "ref", List.of("heldout"), 200, List.of(proxy), T),
                        new StudyPlannedPart("demo", SHA, 2, 2, "ref", List.of("heldout"), 200, List.of(reference), T),
                        new StudyPlannedPart("demo", SHA, 1, 1, "ref", List.of("heldout"), 200,
                                List.of(proxy, reference), T, 0.9))),
                Map.entry(EventType.STUDY_REJECTED, List.of(new StudyRejected("demo",
                        List.of(new StudyRejected.FieldProblem("scales[1].model.heads", "must divide d_model")), T))),
                Map.entry(EventType.STUDY_PLANNED, List.of(new StudyPlanned("demo", SHA, "ref", List.of("heldout"),
                        200, List.of(proxy), T), new StudyPlanned("demo", SHA, "ref", List.of("heldout"), 200,
                        List.of(proxy, reference), T, 0.9))),
                Map.entry(EventType.TRAINING_REQUESTED, List.of(
                        new TrainingRequested("demo-0123456789abcdef", "demo", "demo",
                                Distribution.ofMixture("prose", Map.of("fiction", 0.5, "speeches", 0.5)), xs, 0,
                                "proxy", TrainingSettings.DEFAULTS, T),
                        new TrainingRequested("demo-fedcba9876543210", "demo", "/data/mine",
                                Distribution.ofExamples("picked", List.of("fiction/1", "fiction/2")), xs, 3,
                                "reference", TrainingSettings.DEFAULTS, T))),
                Map.entry(EventType.TRAINING_PROGRESS, List.of(
                        new TrainingProgress("r1", "demo", 10, 100, 40960, 409600, 3.2, 9000.5, 10.0, 41.0,
                                "trainer-0/1", T),
                        new TrainingProgress("r1", "demo", 0, 100, 0, 409600, 5.5, 0, 0, null, "trainer-0/1", T))),
                Map.entry(EventType.TRAINING_COMPLETED, List.of(new TrainingCompleted("r1", "demo",
                        "file:/var/lib/s2l/checkpoints/r1/final", SHA, 2.1, 2.3, 120_000, 2_000_000, 1.44e12, 95.2,
                        "cpu", T))),
                Map.entry(EventType.TRAINING_FAILED, List.of(new TrainingFailed("r1", "demo", "out of memory",
                        "trainer-0/1", 2, T))),
                Map.entry(EventType.PREDICTIONS_READY, List.of(new PredictionsReady("r1", "demo", List.of(
                        new PredictionsReady.SuiteSummary("heldout", SHA, 200, 2.4, null),
                        new PredictionsReady.SuiteSummary("capitals", SHA, 50, 1.1, 0.32)), T))),
                Map.entry(EventType.STUDY_ANALYZED, List.of(
                        new StudyAnalyzed("demo", true, List.of(), List.of(
                                new StudyAnalyzed.ProxyCorrelation("heldout", "xs", 370.0, 0.93, 0.9, 0.86),
                                new StudyAnalyzed.ProxyCorrelation("sentiment", "xs", 370.0, null, null, null)),
                                "file:/tmp/report.html", T),
                        new StudyAnalyzed("demo", false, List.of("r2"), List.of(), null, T),
                        new StudyAnalyzed("demo", false, List.of("r2", "r3"), List.of(
                                new StudyAnalyzed.ProxyCorrelation("heldout", "xs", 370.0, 0.93, 0.9, 0.86)),
                                "file:/tmp/report.html", T, 24, 22, List.of(
                                        new StudyAnalyzed.Recommendation("heldout", "xs", 370.0, "noise_ceiling", 0.95,
                                                null),
                                        new StudyAnalyzed.Recommendation("lastword", null, null, "threshold", 0.9,
                                                "no proxy scale's Pearson r reaches the threshold r = 0.900 within"
                                                        + " its interval; no proxy is recommended"),
                                        new StudyAnalyzed.Recommendation("sentiment", null, null, null, null,
                                                "nothing to compare with"))))),
                Map.entry(EventType.ATTRIBUTION_REQUESTED, List.of(
                        new AttributionRequested("attr-quick", "demo",
                                new ExamplePool(Map.of("fiction", 1.0, "speeches", 1.0), 400, 3L,
                                        null),
                                new AttributionRequested.Targets("lastword", 50), List.of(xs), "xs", 4,
                                new AttributionRequested.LdsSettings(30, 7),
                                new AttributionRequested.ProjectionSettings("factored", 2048, 0), 0.01, "margin",
                                TrainingSettings.DEFAULTS, T, "cli:alice"),
                        new AttributionRequested("attr-picked", "/data/mine",
                                new ExamplePool(null, null, null,
                                        List.of("fiction/1", "fiction/2", "fiction/3", "fiction/4", "fiction/5",
                                                "fiction/6", "fiction/7", "fiction/8")),
                                new AttributionRequested.Targets("capitals", 10), List.of(xs), "xs", 1,
                                new AttributionRequested.LdsSettings(4, 0),
                                new AttributionRequested.ProjectionSettings("sparse_jl", 1024, 5), 0, "mean-log-likelihood",
                                TrainingSettings.DEFAULTS, T, null))),
                Map.entry(EventType.ATTRIBUTION_REJECTED, List.of(new AttributionRejected("attr-quick",
                        List.of(new StudyRejected.FieldProblem("reference", "names no scale of this request")), T))),
                Map.entry(EventType.ATTRIBUTION_COMPLETED, List.of(new AttributionCompleted("attr-quick",
                        "attr-quick-models", List.of(
                                new AttributionCompleted.ScaleResult("xs", 120_000, 1.44e12,
                                        new AttributionCompleted.LdsValue(0.12, 0.05, 0.19, 0.3, 50),
                                        new AttributionCompleted.LdsValue(0.1, 0.02, 0.18, 0.25, 50), 0.4, 0.2),
                                new AttributionCompleted.ScaleResult("ref", 8_000_000, 7.68e14,
                                        new AttributionCompleted.LdsValue(null, null, null, null, 0),
                                        new AttributionCompleted.LdsValue(0.2, 0.1, 0.3, 0.5, 50), null, null)),
                        "file:/tmp/attribution/attr-quick/report.json", T))),
                Map.entry(EventType.SELECTION_REQUESTED, List.of(
                        new SelectionRequested("sel-quick", "demo",
                                new ExamplePool(Map.of("fiction", 1.0, "code_java", 1.0), 400, 1L, null),
                                new SelectionRequested.TargetTask("lastword", 100, 100), 100,
                                List.of("dsdm", "dsdm_worst", "dsir", "classifier", "random"), List.of(xs), xs,
                                List.of(0L, 1L), 3, 7, new SelectionRequested.DsdmSettings(8,
                                        new AttributionRequested.ProjectionSettings("factored", 1024, 0), 100,
                                        "margin"), 10_000, Map.of("fiction", Map.of("fiction", 1.0), "code", Map.of("code_java", 1.0,
                                        "code_python", 2.0)), TrainingSettings.DEFAULTS, T, "cli:alice"),
                        new SelectionRequested("sel-baselines", "/data/mine",
                                new ExamplePool(null, null, null, List.of("fiction/1", "fiction/2", "fiction/3",
                                        "fiction/4", "fiction/5", "fiction/6", "fiction/7", "fiction/8")),
                                new SelectionRequested.TargetTask("capitals", 10, 20), 2, List.of("dsir", "random"),
                                List.of(xs), xs, List.of(0L), 1, 0, new SelectionRequested.DsdmSettings(1,
                                        new AttributionRequested.ProjectionSettings("sparse_jl", 64, 0), 0,
                                        "mean-log-likelihood"), 100, null, TrainingSettings.DEFAULTS, T, null))),
                Map.entry(EventType.SELECTION_REJECTED, List.of(new SelectionRejected("sel-quick",
                        List.of(new StudyRejected.FieldProblem("size", "must be below the pool's 400 documents")), T))),
                Map.entry(EventType.SELECTION_COMPLETED, List.of(new SelectionCompleted("sel-quick",
                        "sel-quick-dsdm", "sel-quick-train", "lastword", 100, List.of(
                                new SelectionCompleted.SelectionResult("dsdm_xs", "dsdm", "xs", 100, 2.31, 0.12,
                                        new SelectionCompleted.Gain(0.05, 0.01, 0.09), "top mean TRAK score"),
                                new SelectionCompleted.SelectionResult("random_0", "random", null, 100, 2.36, null,
                                        null, null)),
                        List.of(new SelectionCompleted.Overlap("dsdm_xs", "dsdm_ref", 0.42)),
                        "http://localhost:8084/selections/sel-quick/report", T))));
    }

    private SampleEvents() {
    }
}
