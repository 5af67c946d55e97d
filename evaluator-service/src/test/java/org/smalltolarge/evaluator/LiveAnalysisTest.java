package org.smalltolarge.evaluator;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.StudyAnalyzed;
import org.smalltolarge.contracts.events.StudyPlanned;
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.evaluator.analysis.PlannedRunRef;
import org.smalltolarge.evaluator.analysis.RunPredictions;
import org.smalltolarge.evaluator.analysis.StudyAnalysis;
import org.smalltolarge.evaluator.analysis.StudyAnalyzer;
import org.smalltolarge.evaluator.analysis.StudyLayout;
import org.smalltolarge.evaluator.analysis.SuitePredictions;
import org.smalltolarge.evaluator.analysis.SyntheticStudy;
import org.smalltolarge.evaluator.domain.Evaluation;
import org.smalltolarge.evaluator.domain.PlannedStudy;
import org.smalltolarge.evaluator.report.ReportRenderer;
import org.smalltolarge.evaluator.repository.AnalysisRepository;
import org.smalltolarge.evaluator.repository.EvalStudyRepository;
import org.smalltolarge.evaluator.repository.EvaluationRepository;
import org.smalltolarge.evaluator.repository.PredictionRepository;
import org.smalltolarge.evaluator.service.StudyAnalysisService;
import org.smalltolarge.testsupport.KafkaAndMongoResource;
import org.smalltolarge.testsupport.KafkaProbe;

/**
 * Live analysis over the real MongoDB-protocol server and broker, with no worker: runs of a generated study are
 * recorded as evaluated one after another as a worker would record them. Partial analyses are stored and published
 * while runs are missing (the test profile analyses after every run), and the final analysis, report page included,
 * is exactly the one-shot analysis of the same predictions.
 */
@Tag("slow") // boots the service, needs Kafka and MongoDB
@QuarkusTest
@QuarkusTestResource(value = KafkaAndMongoResource.class, restrictToAnnotatedClass = false)
class LiveAnalysisTest {
    private static final String WORKER = "live-analysis-test";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    MongoClient mongo;
    @Inject
    EvalStudyRepository studies;
    @Inject
    EvaluationRepository runs;
    @Inject
    PredictionRepository predictions;
    @Inject
    AnalysisRepository analyses;
    @Inject
    StudyAnalysisService service;

    private final List<String> studyIds = new ArrayList<>();

    @AfterEach
    void removeStudies() {
        var db = mongo.getDatabase("s2l");
        db.getCollection("eval_studies").deleteMany(Filters.in("_id", studyIds));
        db.getCollection("eval_analyses").deleteMany(Filters.in("_id", studyIds));
        db.getCollection("eval_runs").deleteMany(Filters.in("study_id", studyIds));
        db.getCollection("eval_predictions").deleteMany(Filters.in("study_id", studyIds));
    }

    /** The synthetic study (3 proxy scales, 2 reference seeds, 6 distributions, 3 suites) under a fresh id. */
    private record Study(StudyLayout layout, List<RunPredictions> predictions) {
    }

    private Study newStudy() {
        String id = "live-" + UUID.randomUUID().toString().substring(0, 8);
        studyIds.add(id);
        SyntheticStudy.Generated g = SyntheticStudy.generate(11);
        List<PlannedRunRef> planned = new ArrayList<>();
        List<RunPredictions> preds = new ArrayList<>();
        for (int i = 0; i < g.layout().runs().size(); i++) {
            PlannedRunRef r = g.layout().runs().get(i);
            RunPredictions p = g.predictions().get(i);
            PlannedRunRef mine = new PlannedRunRef(id + "-" + r.runId(), r.distribution(), r.scale(), r.seed(),
                    r.role(), r.parameters(), r.tokens(), r.flops());
            planned.add(mine);
            preds.add(new RunPredictions(mine.runId(), p.distribution(), p.scale(), p.seed(), p.role(), p.flops(),
                    p.suites()));
        }
        StudyLayout layout = new StudyLayout(id, g.layout().referenceScale(), planned);
        studies.insertIfAbsent(new StudyPlanned(id, "0".repeat(64), layout.referenceScale(),
                List.copyOf(preds.get(0).suites().keySet()), 1000, planned.stream()
                        .map(r -> new StudyPlanned.PlannedRunSummary(r.runId(), r.distribution(), r.scale(), r.seed(),
                                r.role(), r.parameters(), r.tokens(), r.flops())).toList(), Instant.now()));
        return new Study(layout, preds);
    }

    /** What a worker records for a scored run, then what it does once predictions.ready is out. */
    private void evaluate(String studyId, RunPredictions p) {
        runs.insertIfAbsent(new TrainingCompleted(p.runId(), studyId, "file:/nowhere/" + p.runId(), "0".repeat(64),
                1.0, 1.0, 1, 1, 6, 1, "cpu", Instant.now()));
        runs.claim(p.runId(), WORKER, Duration.ofMinutes(1)).orElseThrow();
        for (SuitePredictions s : p.suites().values()) {
            predictions.insertIfAbsent(p.runId(), studyId, s);
        }
        List<Evaluation.SuiteSummary> summaries = p.suites().values().stream()
                .map(s -> new Evaluation.SuiteSummary(s.suite(), s.contentHash(), s.kind(), s.size(), 1.0, null))
                .toList();
        assertTrue(runs.evaluated(p.runId(), WORKER, summaries, new Evaluation.ScoredCheckpoint("/nowhere", "x")));
        runs.markPredictionsPublished(p.runId());
        service.runEvaluated(studyId);
    }

    private List<StudyAnalyzed> published(KafkaProbe kafka, String studyId) {
        return kafka.readAll(Topics.STUDY_EVENTS, r -> studyId.equals(r.key())
                        && "study.analyzed.v1".equals(KafkaProbe.header(r, "ce_type"))).stream()
                .map(r -> EventJson.<StudyAnalyzed>decode(EventType.STUDY_ANALYZED, r.value())).toList();
    }

    @Test
    void partialAnalysesFormWhileRunsFinishAndTheFinalOneIsTheOneShotAnalysis() throws Exception {
        Study study = newStudy();
        String id = study.layout().studyId();
        int planned = study.layout().runs().size();
        int half = planned / 2;
        try (KafkaProbe kafka = new KafkaProbe(bootstrap)) {
            for (RunPredictions p : study.predictions().subList(0, half)) {
                evaluate(id, p);
            }
            StudyAnalysis partial = analyses.find(id).orElseThrow();
            assertFalse(partial.complete());
            assertEquals(planned - half, partial.missingRuns().size());
            assertEquals(study.predictions().subList(half, planned).stream().map(RunPredictions::runId).toList(),
                    partial.missingRuns().stream().map(StudyAnalysis.MissingRun::runId).toList());
            String page = given().when().get("/studies/" + id + "/report.html").then().statusCode(200).extract()
                    .asString();
            assertTrue(page.contains(half + " of " + planned + " runs analysed"), "the partial banner");

            List<StudyAnalyzed> live = kafka.readUntil(Topics.STUDY_EVENTS, r -> id.equals(r.key())
                            && "study.analyzed.v1".equals(KafkaProbe.header(r, "ce_type")), found -> found.size() >= half,
                    Duration.ofSeconds(30)).stream()
                    .map(r -> EventJson.<StudyAnalyzed>decode(EventType.STUDY_ANALYZED, r.value())).toList();
            assertEquals(half, live.size(), "one partial analysis per evaluated run (interval 0 in tests)");
            for (int i = 0; i < live.size(); i++) {
                StudyAnalyzed e = live.get(i);
                assertFalse(e.complete());
                assertEquals(planned, e.runsPlanned());
                assertEquals(i + 1, e.runsAnalyzed(), "the answer forms run by run");
                assertEquals(planned - i - 1, e.missingRuns().size());
            }

            for (RunPredictions p : study.predictions().subList(half, planned)) {
                evaluate(id, p);
            }
            PlannedStudy plan = studies.find(id).orElseThrow();
            StudyAnalysis oneShot = StudyAnalyzer.analyze(study.layout(), study.predictions(), service.settings(plan));
            StudyAnalysis stored = analyses.find(id).orElseThrow();
            assertTrue(stored.complete());
            assertEquals(AnalysisRepository.toJson(oneShot), AnalysisRepository.toJson(stored),
                    "the final stored analysis is the one-shot analysis of the same predictions");
            assertEquals(ReportRenderer.html(oneShot), given().when().get("/studies/" + id + "/report.html").then()
                    .statusCode(200).extract().asString(), "and so is its page, byte for byte");

            List<StudyAnalyzed> all = kafka.readUntil(Topics.STUDY_EVENTS, r -> id.equals(r.key())
                            && "study.analyzed.v1".equals(KafkaProbe.header(r, "ce_type")),
                    found -> found.stream().anyMatch(r -> r.value().contains("\"complete\":true")),
                    Duration.ofSeconds(30)).stream()
                    .map(r -> EventJson.<StudyAnalyzed>decode(EventType.STUDY_ANALYZED, r.value())).toList();
            assertEquals(1, all.stream().filter(StudyAnalyzed::complete).count(), "one complete analysis");
            StudyAnalyzed last = all.get(all.size() - 1);
            assertTrue(last.complete(), "and it comes last");
            assertEquals(planned, last.runsAnalyzed());
            assertEquals(planned - 1, all.size() - 1, "a partial one after every run but the last");
            assertEquals(oneShot.suites().size(), last.recommendations().size());

            // A partial analysis that was slower than the final one does not overwrite it, and nothing more goes out.
            assertFalse(analyses.savePartial(partial));
            assertEquals(AnalysisRepository.toJson(oneShot), AnalysisRepository.toJson(analyses.find(id).orElseThrow()));
            service.runEvaluated(id);
            service.analyzePartialIfDue(id);
            Thread.sleep(500);
            assertEquals(all.size(), published(kafka, id).size());
        }
    }

    @Test
    void livePartialAnalysesAreClaimedOncePerIntervalAndOnlyForNewRuns() {
        Study study = newStudy();
        String id = study.layout().studyId();
        assertTrue(studies.claimPartialAnalysis(id, 3, Duration.ofHours(1)), "the first one is due at once");
        assertFalse(studies.claimPartialAnalysis(id, 4, Duration.ofHours(1)), "the next waits out the interval");
        assertFalse(studies.claimPartialAnalysis(id, 3, Duration.ZERO), "nothing new evaluated");
        assertTrue(studies.claimPartialAnalysis(id, 4, Duration.ZERO));
        assertTrue(studies.claimCompleteAnalysis(id, Duration.ofMinutes(10)));
        assertFalse(studies.claimPartialAnalysis(id, 5, Duration.ZERO), "none once the complete one is claimed");
        Map<String, Object> doc = mongo.getDatabase("s2l").getCollection("eval_studies")
                .find(Filters.eq("_id", id)).first();
        assertEquals(4, doc.get("partial_analysis_runs"));
    }
}
