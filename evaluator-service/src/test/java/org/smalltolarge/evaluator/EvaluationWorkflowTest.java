package org.smalltolarge.evaluator;

import static com.mongodb.client.model.Filters.eq;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.PredictionsReady;
import org.smalltolarge.contracts.events.StudyAnalyzed;
import org.smalltolarge.contracts.events.StudyPlanned;
import org.smalltolarge.contracts.events.StudyPlannedPart;
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.corpus.eval.EvalSuite;
import org.smalltolarge.corpus.eval.EvalSuites;
import org.smalltolarge.testsupport.KafkaAndMongoResource;
import org.smalltolarge.testsupport.KafkaProbe;
import org.smalltolarge.testsupport.PoisonRecord;

/**
 * The evaluator over the real broker and MongoDB-protocol server, on real checkpoints: a plan and nine
 * training.completed events published with a plain Kafka client are scored per example, analysed once complete,
 * and reported; redelivery changes nothing; malformed records are dead-lettered; a checkpoint that is not the
 * announced one is refused.
 */
@Tag("slow") // trains models, boots the service, needs Kafka and MongoDB
@QuarkusTest
@TestProfile(OneEvaluationWorker.class)
@QuarkusTestResource(value = KafkaAndMongoResource.class, restrictToAnnotatedClass = false)
class EvaluationWorkflowTest {
    static TinyStudyFixture FIXTURE;
    static final Duration WAIT = Duration.ofMinutes(3);
    static final ObjectMapper JSON = new ObjectMapper();

    @org.junit.jupiter.api.BeforeAll
    static void trainModels() {
        FIXTURE = TinyStudyFixture.get();
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    MongoClient mongo;

    MongoCollection<Document> collection(String name) {
        return mongo.getDatabase("s2l").getCollection(name);
    }

    static String newStudyId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static boolean ofType(ConsumerRecord<String, String> r, String type) {
        return type.equals(KafkaProbe.header(r, "ce_type"));
    }

    @Test
    void completedStudyIsScoredAnalysedReportedAndRedeliveryChangesNothing() throws Exception {
        String id = newStudyId("eval");
        List<TrainingCompleted> completions = FIXTURE.completions(id);
        try (KafkaProbe kafka = new KafkaProbe(bootstrap)) {
            kafka.publish(FIXTURE.plan(id));
            for (TrainingCompleted c : completions) {
                kafka.publish(c);
            }
            List<StudyAnalyzed> analyzed = kafka.readUntil(Topics.STUDY_EVENTS,
                            r -> id.equals(r.key()) && ofType(r, "study.analyzed.v1"),
                            found -> found.stream().anyMatch(r -> r.value().contains("\"complete\":true")), WAIT)
                    .stream().map(r -> EventJson.<StudyAnalyzed>decode(EventType.STUDY_ANALYZED, r.value())).toList();
            assertEquals(1, analyzed.stream().filter(StudyAnalyzed::complete).count(), "the complete study is analysed");
            StudyAnalyzed event = analyzed.get(analyzed.size() - 1);
            assertTrue(event.complete(), "after the live partial analyses");
            // Live analysis: partial ones while runs finished, each over more runs than the one before.
            List<StudyAnalyzed> partial = analyzed.subList(0, analyzed.size() - 1);
            assertFalse(partial.isEmpty(), "partial analyses while runs finished");
            for (int i = 0; i < partial.size(); i++) {
                assertFalse(partial.get(i).complete());
                assertTrue(partial.get(i).runsAnalyzed() < 9 && partial.get(i).runsAnalyzed() > (i == 0 ? 0
                        : partial.get(i - 1).runsAnalyzed()), "partial analysis " + i);
            }
            assertEquals(9, event.runsAnalyzed());
            assertTrue(event.missingRuns().isEmpty());
            assertTrue(event.reportUri().endsWith("/studies/" + id + "/report"), event.reportUri());
            Set<String> pairs = new HashSet<>();
            event.correlations().forEach(c -> pairs.add(c.suite() + "@" + c.scale()));
            for (String suite : TinyStudyFixture.SUITES) {
                for (String scale : TinyStudyFixture.PROXY_SCALES) {
                    assertTrue(pairs.contains(suite + "@" + scale), "headline has " + suite + " at " + scale);
                }
            }
            assertEquals(6, event.correlations().size());
            event.correlations().forEach(c -> assertTrue(c.computeRatio() > 1, "a proxy is cheaper: " + c));
            // Held-out text losses differ by training mixture, so the correlation across distributions exists.
            event.correlations().stream().filter(c -> "heldout".equals(c.suite())).forEach(c -> {
                assertNotNull(c.pearson(), c.toString());
                assertEquals(c.pearson() * c.pearson(), c.r2(), 1e-9);
            });

            List<PredictionsReady> ready = kafka.readAll(Topics.PREDICTIONS,
                            r -> r.key().startsWith(id + "-") && ofType(r, "predictions.ready.v1")).stream()
                    .map(r -> EventJson.<PredictionsReady>decode(EventType.PREDICTIONS_READY, r.value())).toList();
            assertEquals(9, ready.size(), "one predictions.ready per run");
            assertEquals(9, ready.stream().map(PredictionsReady::runId).distinct().count());

            Map<String, EvalSuite> suites = EvalSuites.load(FIXTURE.corpusDir, TinyStudyFixture.SUITES,
                    TinyStudyFixture.MAX_ITEMS);
            checkStoredPredictions(id, suites, ready);
            checkReports(id);

            // Redelivery of the plan and of every training.completed: nothing stored changes, nothing is
            // published again.
            Document studyBefore = collection("eval_studies").find(eq("_id", id)).first();
            List<Document> predictionsBefore = snapshot("eval_predictions", Filters.regex("_id", "^" + id + "-"));
            List<Document> runsBefore = snapshot("eval_runs", eq("study_id", id));
            Document analysisBefore = collection("eval_analyses").find(eq("_id", id)).first();
            kafka.publish(FIXTURE.plan(id));
            for (TrainingCompleted c : completions) {
                kafka.publish(c);
            }
            kafka.awaitGroupCaughtUp("s2l-evaluator-plans", Topics.STUDY_EVENTS, Duration.ofSeconds(60));
            kafka.awaitGroupCaughtUp("s2l-evaluator-runs", Topics.TRAINING_EVENTS, Duration.ofSeconds(60));
            Thread.sleep(3000); // three scan intervals: time for a worker to (wrongly) redo something
            assertEquals(predictionsBefore, snapshot("eval_predictions", Filters.regex("_id", "^" + id + "-")));
            assertEquals(runsBefore, snapshot("eval_runs", eq("study_id", id)));
            assertEquals(analysisBefore, collection("eval_analyses").find(eq("_id", id)).first());
            assertEquals(studyBefore, collection("eval_studies").find(eq("_id", id)).first());
            assertEquals(9, kafka.readAll(Topics.PREDICTIONS,
                    r -> r.key().startsWith(id + "-") && ofType(r, "predictions.ready.v1")).size());
            assertEquals(analyzed.size(), kafka.readAll(Topics.STUDY_EVENTS,
                    r -> id.equals(r.key()) && ofType(r, "study.analyzed.v1")).size());
        }
    }

    private void checkStoredPredictions(String id, Map<String, EvalSuite> suites, List<PredictionsReady> ready) {
        assertEquals(27, collection("eval_predictions").countDocuments(Filters.regex("_id", "^" + id + "-")));
        for (String scale : FIXTURE.scales()) {
            for (String d : TinyStudyFixture.DISTRIBUTIONS) {
                String runId = TinyStudyFixture.runId(id, d, scale);
                Document run = collection("eval_runs").find(eq("_id", runId)).first();
                assertEquals("evaluated", run.getString("status"), run.toJson());
                assertEquals(true, run.getBoolean("predictions_published"));
                for (EvalSuite suite : suites.values()) {
                    Document p = collection("eval_predictions").find(eq("_id", runId + "/" + suite.name())).first();
                    assertNotNull(p, runId + "/" + suite.name());
                    assertEquals(suite.contentHash(), p.getString("content_hash"));
                    assertEquals(suite.items().stream().map(i -> i.id()).toList(), p.getList("item_ids", String.class));
                    List<Double> losses = p.getList("losses", Double.class);
                    assertEquals(suite.size(), losses.size());
                    // Trained byte models beat a uniform guess over 257 tokens on held-out text on average.
                    double mean = losses.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                    assertTrue(mean > 0 && mean < Math.log(257), runId + " " + suite.name() + " mean loss " + mean);
                    if ("heldout".equals(suite.name())) {
                        assertNull(p.get("correct"));
                    } else {
                        assertEquals(suite.size(), p.getList("correct", Boolean.class).size());
                    }
                    if ("continuation".equals(suite.name())) {
                        assertEquals(0.5, p.getDouble("chance"), 1e-12);
                        // the option the model chose is kept, and it is right exactly when it is the correct one
                        List<Integer> chosen = p.getList("chosen", Integer.class);
                        List<Boolean> correct = p.getList("correct", Boolean.class);
                        assertEquals(suite.size(), chosen.size());
                        for (int i = 0; i < suite.size(); i++) {
                            var item = suite.items().get(i);
                            assertTrue(chosen.get(i) >= 0 && chosen.get(i) < item.options().size());
                            assertEquals(chosen.get(i) == item.correct(), correct.get(i), item.id());
                        }
                    } else {
                        assertNull(p.get("chosen"), "only choice suites have chosen options");
                    }
                }
                checkPredictionsView(runId, suites);
                PredictionsReady event = ready.stream().filter(r -> r.runId().equals(runId)).findFirst().orElseThrow();
                assertEquals(3, event.suites().size());
                event.suites().forEach(s -> assertEquals(suites.get(s.suite()).contentHash(), s.contentHash()));
            }
        }
        // The reference, trained on most data, predicts held-out text better than the smallest proxy.
        assertTrue(meanLoss(TinyStudyFixture.runId(id, "balanced", "ref"), "heldout")
                < meanLoss(TinyStudyFixture.runId(id, "balanced", "xs"), "heldout"));
    }

    /** Other services read the same per-example predictions over REST (GET /runs/{id}/predictions). */
    private void checkPredictionsView(String runId, Map<String, EvalSuite> suites) {
        try {
            JsonNode view = JSON.readTree(given().when().get("/runs/" + runId + "/predictions").then().statusCode(200)
                    .extract().asString());
            assertEquals(runId, view.get("run_id").asText());
            assertEquals("evaluated", view.get("status").asText());
            assertEquals(suites.keySet().stream().sorted().toList(), names(view.get("suites"), "suite"));
            for (JsonNode s : view.get("suites")) {
                Document stored = collection("eval_predictions").find(eq("_id", runId + "/" + s.get("suite").asText()))
                        .first();
                List<Double> losses = new ArrayList<>();
                s.get("losses").forEach(l -> losses.add(l.asDouble()));
                assertEquals(stored.getList("losses", Double.class), losses, "REST serves the stored losses exactly");
                assertEquals(stored.getList("item_ids", String.class), names(s.get("item_ids")));
                assertEquals(stored.get("chosen") != null, s.has("chosen"));
            }
            JsonNode one = JSON.readTree(given().when().get("/runs/" + runId + "/predictions/continuation").then()
                    .statusCode(200).extract().asString());
            assertEquals("choice", one.get("kind").asText());
            assertEquals(0.5, one.get("chance").asDouble(), 1e-12);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }

    private double meanLoss(String runId, String suite) {
        return collection("eval_predictions").find(eq("_id", runId + "/" + suite)).first()
                .getList("losses", Double.class).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private void checkReports(String id) throws Exception {
        String body = given().when().get("/studies/" + id + "/report").then().statusCode(200)
                .contentType(containsString("application/json")).extract().asString();
        JsonNode report = JSON.readTree(body);
        assertEquals(id, report.get("study_id").asText());
        assertTrue(report.get("complete").asBoolean());
        assertEquals(TinyStudyFixture.PROXY_SCALES, names(report.get("proxy_scales")));
        List<String> suiteNames = new ArrayList<>();
        for (JsonNode s : report.get("suites")) {
            suiteNames.add(s.get("suite").asText());
            List<String> scales = new ArrayList<>();
            s.get("comparisons").forEach(c -> scales.add(c.get("scale").asText()));
            assertEquals(TinyStudyFixture.PROXY_SCALES, scales, s.get("suite").asText());
            s.get("comparisons").forEach(c -> assertEquals(3, c.get("distributions_compared").asInt()));
        }
        assertEquals(Set.copyOf(TinyStudyFixture.SUITES), Set.copyOf(suiteNames));
        assertTrue(report.get("suites").findValues("accuracy").stream().anyMatch(a -> !a.isNull()));

        String html = given().when().get("/studies/" + id + "/report.html").then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();
        // Kept for a look in a browser: the report of nine real (tiny) models.
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "tiny-study-report.html"), html);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        // One overview, then per suite: correlation, loss scatter, histogram; accuracy for the 2 with answers.
        assertEquals(1, count(html, "data-plot=\"r2-overview\""));
        for (String suite : TinyStudyFixture.SUITES) {
            for (String plot : List.of("correlation-vs-compute", "loss-scatter", "per-example-histogram")) {
                assertEquals(1, count(html, "data-plot=\"" + plot + "\" data-suite=\"" + suite + "\""), plot + " " + suite);
            }
        }
        assertEquals(0, count(html, "data-plot=\"accuracy-vs-chance\" data-suite=\"heldout\""));
        assertEquals(2, count(html, "data-plot=\"accuracy-vs-chance\""));
        assertEquals(1 + 3 * 3 + 2, count(html, "<svg "));
    }

    @Test
    void unknownRunsHaveNoPredictions() {
        given().when().get("/runs/no-such-run/predictions").then().statusCode(404)
                .body("error", containsString("no evaluation of run 'no-such-run'"));
        given().when().get("/runs/no-such-run/predictions/heldout").then().statusCode(404)
                .body("error", containsString("no predictions of run 'no-such-run' on suite 'heldout'"));
    }

    @Test
    void unknownStudiesAreAnsweredWith404AndAReason() {
        given().when().get("/studies/no-such-study/report").then().statusCode(404)
                .body(containsString("unknown study 'no-such-study'"));
        given().when().get("/studies/no-such-study/report.html").then().statusCode(404)
                .body(containsString("unknown study 'no-such-study'"));
        given().when().post("/studies/no-such-study/analysis").then().statusCode(404)
                .body(containsString("unknown study 'no-such-study'"));
    }

    @Test
    void partialStudyIsAnalysedLiveAndOnDemandWithItsMissingRunsListed() throws Exception {
        String id = newStudyId("partial");
        try (KafkaProbe kafka = new KafkaProbe(bootstrap)) {
            kafka.publish(FIXTURE.plan(id));
            // Only the reference and the xs proxies complete.
            for (String scale : List.of("xs", "ref")) {
                for (String d : TinyStudyFixture.DISTRIBUTIONS) {
                    kafka.publish(FIXTURE.completion(id, d, scale));
                }
            }
            kafka.readUntil(Topics.PREDICTIONS, r -> r.key().startsWith(id + "-") && ofType(r, "predictions.ready.v1"),
                    found -> found.size() >= 6, WAIT);
            Set<String> expected = new HashSet<>();
            TinyStudyFixture.DISTRIBUTIONS.forEach(d -> expected.add(TinyStudyFixture.runId(id, d, "s")));
            // Live analysis: without asking, a partial analysis over the six evaluated runs is stored and published
            // (housekeeping catches up on runs that finished together).
            List<StudyAnalyzed> live = kafka.readUntil(Topics.STUDY_EVENTS,
                            r -> id.equals(r.key()) && ofType(r, "study.analyzed.v1"), found -> found.stream()
                                    .anyMatch(r -> Integer.valueOf(6).equals(EventJson.<StudyAnalyzed>decode(
                                            EventType.STUDY_ANALYZED, r.value()).runsAnalyzed())), WAIT)
                    .stream().map(r -> EventJson.<StudyAnalyzed>decode(EventType.STUDY_ANALYZED, r.value())).toList();
            StudyAnalyzed latest = live.get(live.size() - 1);
            assertFalse(latest.complete());
            assertEquals(9, latest.runsPlanned());
            assertEquals(expected, Set.copyOf(latest.missingRuns()));
            assertTrue(live.stream().noneMatch(StudyAnalyzed::complete));
            JsonNode stored = JSON.readTree(given().when().get("/studies/" + id + "/report").then().statusCode(200)
                    .extract().asString());
            assertFalse(stored.get("complete").asBoolean());
            given().when().get("/studies/" + id + "/report.html").then().statusCode(200)
                    .body(containsString("6 of 9 runs analysed"));

            // On demand with nothing new evaluated: the same analysis, and nothing more is published.
            String body = given().when().post("/studies/" + id + "/analysis").then().statusCode(200).extract().asString();
            JsonNode a = JSON.readTree(body);
            assertEquals(stored, a);
            Set<String> missing = new HashSet<>();
            a.get("missing_runs").forEach(m -> missing.add(m.get("run_id").asText()));
            assertEquals(expected, missing);
            String again = given().when().post("/studies/" + id + "/analysis").then().statusCode(200).extract().asString();
            assertEquals(a, JSON.readTree(again));
            Thread.sleep(1000);
            assertEquals(live.size(), kafka.readAll(Topics.STUDY_EVENTS,
                    r -> id.equals(r.key()) && ofType(r, "study.analyzed.v1")).size(), "a repeated request is idempotent");
        }
    }

    @Test
    void runCompletedBeforeItsPlanArrivedIsScoredOnceThePlanComes() throws Exception {
        String id = newStudyId("late-plan");
        String runId = TinyStudyFixture.runId(id, "fiction_heavy", "xs");
        try (KafkaProbe kafka = new KafkaProbe(bootstrap)) {
            kafka.publish(FIXTURE.completion(id, "fiction_heavy", "xs"));
            awaitStatus(runId, "awaiting_plan");
            assertEquals(0, collection("eval_predictions").countDocuments(eq("run_id", runId)));
            kafka.publish(FIXTURE.plan(id));
            awaitStatus(runId, "evaluated");
            assertEquals(3, collection("eval_predictions").countDocuments(eq("run_id", runId)));
        }
    }

    /** Parts of a plan (study.planned.v2): the plan counts only once the last missing part is in. */
    @Test
    void runCompletedBeforeAllPartsOfItsPlanArrivedIsScoredOnceTheLastPartComes() throws Exception {
        String id = newStudyId("late-parts");
        String runId = TinyStudyFixture.runId(id, "fiction_heavy", "xs");
        List<StudyPlannedPart> parts = StudyPlannedPart.split(FIXTURE.plan(id), 1024);
        int n = parts.size();
        assertTrue(n >= 3, n + " parts");
        try (KafkaProbe kafka = new KafkaProbe(bootstrap)) {
            kafka.publish(FIXTURE.completion(id, "fiction_heavy", "xs"));
            awaitStatus(runId, "awaiting_plan");
            for (StudyPlannedPart part : parts.subList(1, n)) {
                kafka.publish(part);
            }
            kafka.publish(parts.get(n - 1)); // redelivered
            kafka.awaitGroupCaughtUp("s2l-evaluator-plans", Topics.STUDY_EVENTS, Duration.ofSeconds(60));
            Thread.sleep(2500); // two scan intervals: a worker that took part of a plan for the plan would score now
            assertEquals("awaiting_plan", collection("eval_runs").find(eq("_id", runId)).first().getString("status"));
            assertEquals(0, collection("eval_predictions").countDocuments(eq("run_id", runId)));
            kafka.publish(parts.get(0));
            awaitStatus(runId, "evaluated");
            assertEquals(3, collection("eval_predictions").countDocuments(eq("run_id", runId)));
        }
    }

    @Test
    void runClaimedByAWorkerThatDiedIsTakenOverFromMongoDb() throws Exception {
        String id = newStudyId("takeover");
        TrainingCompleted completed = FIXTURE.completion(id, "balanced", "s");
        try (KafkaProbe kafka = new KafkaProbe(bootstrap)) {
            kafka.publish(FIXTURE.plan(id));
            kafka.awaitGroupCaughtUp("s2l-evaluator-plans", Topics.STUDY_EVENTS, Duration.ofSeconds(60));
            // What a worker that died mid-scoring leaves behind: the run claimed long ago, no heartbeat since,
            // and no Kafka record to wake anyone (its training.completed was acknowledged when it was recorded).
            java.util.Date longAgo = java.util.Date.from(java.time.Instant.now().minus(Duration.ofHours(1)));
            collection("eval_runs").insertOne(new Document("_id", completed.runId()).append("study_id", id)
                    .append("status", "evaluating").append("worker", "dead-host/0").append("attempts", 1)
                    .append("claimed_at", longAgo).append("heartbeat_at", longAgo).append("received_at", longAgo)
                    .append("predictions_published", false)
                    .append("completed", Document.parse(EventJson.encode(completed))));
            Document run = awaitStatus(completed.runId(), "evaluated");
            assertEquals(2, run.getInteger("attempts"));
            assertFalse("dead-host/0".equals(run.getString("worker")));
            assertEquals(1, kafka.readUntil(Topics.PREDICTIONS, r -> completed.runId().equals(r.key()),
                    found -> !found.isEmpty(), WAIT).size());
        }
    }

    @Test
    void runWaitsWithAReasonWhileThisDeploymentLacksASuiteOfItsStudy() throws Exception {
        String id = newStudyId("nosuite");
        StudyPlanned plan = FIXTURE.plan(id);
        StudyPlanned wantsMissingSuite = new StudyPlanned(id, plan.specSha256(), plan.referenceScale(),
                List.of("heldout", "not_built_here"), plan.maxItemsPerSuite(), plan.runs(), plan.plannedAt());
        TrainingCompleted completed = FIXTURE.completion(id, "balanced", "xs");
        try (KafkaProbe kafka = new KafkaProbe(bootstrap)) {
            kafka.publish(wantsMissingSuite);
            kafka.publish(completed);
            long deadline = System.nanoTime() + WAIT.toNanos();
            Document run = null;
            while (System.nanoTime() < deadline && (run == null || run.getString("waiting_reason") == null)) {
                Thread.sleep(200);
                run = collection("eval_runs").find(eq("_id", completed.runId())).first();
            }
            assertNotNull(run);
            String reason = run.getString("waiting_reason");
            assertNotNull(reason, run.toJson());
            assertTrue(reason.contains("not_built_here") && reason.contains("evaluator.corpus-dir"), reason);
            assertTrue(Set.of("pending", "evaluating").contains(run.getString("status")), "not failed: " + run.toJson());
            assertEquals(0, collection("eval_predictions").countDocuments(eq("run_id", completed.runId())));
        } finally {
            // Stop the retries: the rest of this JVM's tests share the one worker.
            collection("eval_runs").updateOne(eq("_id", completed.runId()),
                    com.mongodb.client.model.Updates.set("status", "failed"));
        }
    }

    @Test
    void checkpointWhoseSha256DiffersIsRefusedAndNotScored() throws Exception {
        String id = newStudyId("badsha");
        TrainingCompleted good = FIXTURE.completion(id, "balanced", "xs");
        TrainingCompleted forged = new TrainingCompleted(good.runId(), id, good.checkpointUri(), "ab".repeat(32),
                good.finalTrainLoss(), good.validationLoss(), good.parameters(), good.tokens(), good.flops(),
                good.wallSeconds(), good.device(), good.completedAt());
        try (KafkaProbe kafka = new KafkaProbe(bootstrap)) {
            kafka.publish(FIXTURE.plan(id));
            kafka.publish(forged);
            kafka.publish(FIXTURE.completion(id, "balanced", "ref")); // a sound run next to it is scored
            kafka.readUntil(Topics.PREDICTIONS, r -> r.key().startsWith(id + "-") && ofType(r, "predictions.ready.v1"),
                    found -> !found.isEmpty(), WAIT);
            Document run = awaitStatus(good.runId(), "failed");
            String failure = run.getString("failure");
            assertTrue(failure.contains("sha256 mismatch") && failure.contains("ab".repeat(32))
                    && failure.contains(java.nio.file.Path.of(java.net.URI.create(good.checkpointUri())).toString()),
                    failure);
            assertEquals(0, collection("eval_predictions").countDocuments(eq("run_id", good.runId())));
            assertEquals(0, kafka.readAll(Topics.PREDICTIONS, r -> good.runId().equals(r.key())).size());
            assertEquals(3, collection("eval_predictions").countDocuments(
                    eq("run_id", TinyStudyFixture.runId(id, "balanced", "ref"))));
        }
    }

    /**
     * A forged training.completed that names another run's checkpoint, intact and with its true sha256, is refused
     * (the checkpoint is not in the announced run's folder), and the genuine announcement after it is what gets
     * scored.
     */
    @Test
    void anAnnouncementNamingAnotherRunsCheckpointDoesNotHijackTheRun() throws Exception {
        String id = newStudyId("hijack");
        TrainingCompleted genuine = FIXTURE.completion(id, "balanced", "s");
        TrainingCompleted other = FIXTURE.completion(id, "fiction_heavy", "s");
        TrainingCompleted forged = new TrainingCompleted(genuine.runId(), id, other.checkpointUri(),
                other.checkpointSha256(), genuine.finalTrainLoss(), genuine.validationLoss(), genuine.parameters(),
                genuine.tokens(), genuine.flops(), genuine.wallSeconds(), genuine.device(), genuine.completedAt());
        try (KafkaProbe kafka = new KafkaProbe(bootstrap)) {
            kafka.publish(forged);
            kafka.publish(genuine);
            kafka.publish(FIXTURE.plan(id));
            Document run = awaitStatus(genuine.runId(), "evaluated");
            Document scored = run.get("completed", Document.class);
            assertEquals(genuine.checkpointUri(), scored.getString("checkpoint_uri"));
            assertEquals(genuine.checkpointSha256(), scored.getString("checkpoint_sha256"));
            String note = run.getList("history", Document.class).get(0).getString("note");
            assertTrue(note.contains("not a checkpoint of run '" + genuine.runId() + "'"), note);
        }
    }

    /**
     * A training.completed that arrives first but names a checkpoint that is refused no longer hides the genuine
     * one: the later event's checkpoint is scored, the refusal stays in the run's history, and a differing event
     * after the run is evaluated changes nothing.
     */
    @Test
    void aRefusedFirstAnnouncementDoesNotHideTheGenuineOne() throws Exception {
        String id = newStudyId("forged-first");
        TrainingCompleted genuine = FIXTURE.completion(id, "speech_heavy", "xs");
        TrainingCompleted forged = new TrainingCompleted(genuine.runId(), id, genuine.checkpointUri(), "cd".repeat(32),
                genuine.finalTrainLoss(), genuine.validationLoss(), genuine.parameters(), genuine.tokens(),
                genuine.flops(), genuine.wallSeconds(), genuine.device(), genuine.completedAt());
        try (KafkaProbe kafka = new KafkaProbe(bootstrap)) {
            kafka.publish(forged);
            kafka.publish(genuine);
            kafka.publish(FIXTURE.plan(id));
            Document run = awaitStatus(genuine.runId(), "evaluated");
            assertEquals(genuine.checkpointSha256(), run.get("completed", Document.class).getString("checkpoint_sha256"));
            String note = run.getList("history", Document.class).get(0).getString("note");
            assertTrue(note.contains("sha256 mismatch") && note.contains("trying the next announced checkpoint"), note);
            assertEquals(3, collection("eval_predictions").countDocuments(eq("run_id", genuine.runId())));

            kafka.publish(forged); // after the evaluation: nothing changes
            kafka.awaitGroupCaughtUp("s2l-evaluator-runs", Topics.TRAINING_EVENTS, Duration.ofSeconds(60));
            Document after = collection("eval_runs").find(eq("_id", genuine.runId())).first();
            assertEquals("evaluated", after.getString("status"));
            assertEquals(run.get("completed"), after.get("completed"));
        }
    }

    @Test
    void malformedRecordsGoToTheDeadLetterTopicAndTheServiceCarriesOn() throws Exception {
        String id = newStudyId("dlq");
        String junkKey = "junk-" + UUID.randomUUID();
        String badPlanKey = "badplan-" + UUID.randomUUID();
        String unusablePlanId = newStudyId("unusable");
        // A well-formed plan the analysis could not use: a proxy run at the reference scale.
        StudyPlanned valid = FIXTURE.plan(unusablePlanId);
        List<StudyPlanned.PlannedRunSummary> runs = new ArrayList<>(valid.runs());
        StudyPlanned.PlannedRunSummary ref = runs.get(runs.size() - 1);
        runs.set(runs.size() - 1, new StudyPlanned.PlannedRunSummary(ref.runId(), ref.distribution(), ref.scale(),
                ref.seed(), "proxy", ref.parameters(), ref.tokens(), ref.flops()));
        StudyPlanned unusable = new StudyPlanned(unusablePlanId, valid.specSha256(), valid.referenceScale(),
                valid.suites(), valid.maxItemsPerSuite(), runs, valid.plannedAt());
        try (KafkaProbe kafka = new KafkaProbe(bootstrap)) {
            kafka.publishPlain(Topics.TRAINING_EVENTS, junkKey, "this is not an event");
            kafka.publishCloudEvent(Topics.STUDY_EVENTS, badPlanKey, "study.planned.v1", "{\"study_id\": 42}");
            kafka.publish(unusable);
            kafka.publish(FIXTURE.plan(id));
            kafka.publish(FIXTURE.completion(id, "speech_heavy", "s"));
            List<ConsumerRecord<String, String>> dead = kafka.readUntil(Topics.DEAD_LETTER_PREFIX + "evaluator",
                    r -> Set.of(junkKey, badPlanKey, unusablePlanId).contains(r.key()), found -> found.size() >= 3, WAIT);
            assertEquals(Set.of(junkKey, badPlanKey, unusablePlanId),
                    Set.copyOf(dead.stream().map(ConsumerRecord::key).toList()));
            String unusableReason = KafkaProbe.header(dead.stream().filter(r -> unusablePlanId.equals(r.key()))
                    .findFirst().orElseThrow(), "dead-letter-reason");
            assertTrue(unusableReason.contains(ref.runId()) && unusableReason.contains("reference scale"), unusableReason);
            assertNull(collection("eval_studies").find(eq("_id", unusablePlanId)).first(), "nothing stored");
            for (ConsumerRecord<String, String> r : dead) {
                String reason = KafkaProbe.header(r, "dead-letter-reason");
                assertNotNull(reason, "the dead letter says why");
            }
            assertEquals("this is not an event", dead.stream().filter(r -> junkKey.equals(r.key())).findFirst()
                    .orElseThrow().value());
            // The records after the bad ones are processed.
            awaitStatus(TinyStudyFixture.runId(id, "speech_heavy", "s"), "evaluated");
        }
    }

    /** Records that once stopped a consumer for good are dead-lettered on both topics; the service goes on. */
    @Test
    void poisonRecordsOnEveryConsumedTopicAreDeadLetteredAndTheServiceStaysReady() throws Exception {
        String marker = newStudyId("poison");
        Map<String, String> typeOf = Map.of(Topics.STUDY_EVENTS, "study.planned.v1",
                Topics.TRAINING_EVENTS, "training.completed.v1");
        Set<String> keys = new HashSet<>();
        try (KafkaProbe kafka = new KafkaProbe(bootstrap)) {
            for (Map.Entry<String, String> topic : typeOf.entrySet()) {
                for (PoisonRecord poison : PoisonRecord.values()) {
                    String key = marker + "-" + poison.name().toLowerCase(java.util.Locale.ROOT) + "-" + topic.getKey();
                    keys.add(key);
                    kafka.publishRaw(poison.on(topic.getKey(), key, topic.getValue()));
                }
            }
            String id = newStudyId("after-poison");
            kafka.publish(FIXTURE.plan(id));
            List<ConsumerRecord<String, String>> dead = kafka.readUntil(Topics.DEAD_LETTER_PREFIX + "evaluator",
                    r -> keys.contains(r.key()), found -> found.size() >= keys.size(), WAIT);
            assertEquals(keys, Set.copyOf(dead.stream().map(ConsumerRecord::key).toList()));
            for (ConsumerRecord<String, String> r : dead) {
                String reason = KafkaProbe.header(r, "dead-letter-reason");
                assertTrue(reason != null && reason.startsWith("record on ") && reason.contains(r.key()), reason);
            }
            kafka.awaitGroupCaughtUp("s2l-evaluator-plans", Topics.STUDY_EVENTS, Duration.ofSeconds(60));
            kafka.awaitGroupCaughtUp("s2l-evaluator-runs", Topics.TRAINING_EVENTS, Duration.ofSeconds(60));
            assertNotNull(collection("eval_studies").find(eq("_id", id)).first(), "the plan after the poison is kept");
            given().when().get("/q/health/ready").then().statusCode(200);
        }
    }

    private Document awaitStatus(String runId, String status) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Document run = null;
        while (System.nanoTime() < deadline) {
            run = collection("eval_runs").find(eq("_id", runId)).first();
            if (run != null && status.equals(run.getString("status"))) {
                return run;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run " + runId + " did not reach " + status + ": " + (run == null ? null : run.toJson()));
    }

    private List<Document> snapshot(String name, org.bson.conversions.Bson filter) {
        return collection(name).find(filter).sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static int count(String text, String fragment) {
        Matcher m = Pattern.compile(Pattern.quote(fragment)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

}
