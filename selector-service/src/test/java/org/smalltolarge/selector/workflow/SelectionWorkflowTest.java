package org.smalltolarge.selector.workflow;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.AttributionCompleted;
import org.smalltolarge.contracts.events.AttributionRequested;
import org.smalltolarge.contracts.events.ExamplePool;
import org.smalltolarge.contracts.events.SelectionCompleted;
import org.smalltolarge.contracts.events.SelectionRejected;
import org.smalltolarge.contracts.events.SelectionRequested;
import org.smalltolarge.contracts.events.StudyAnalyzed;
import org.smalltolarge.contracts.events.StudyRequested;
import org.smalltolarge.corpus.Corpus;
import org.smalltolarge.corpus.eval.EvalItem;
import org.smalltolarge.corpus.eval.EvalSuites;
import org.smalltolarge.spec.ModelShape;
import org.smalltolarge.spec.PlannedRun;
import org.smalltolarge.spec.Scale;
import org.smalltolarge.spec.SpecLimits;
import org.smalltolarge.spec.StudyPlanner;
import org.smalltolarge.spec.StudySpecs;
import org.smalltolarge.spec.TrainingSettings;
import org.smalltolarge.spec.Validation;
import org.smalltolarge.testsupport.KafkaAndMongoResource;
import org.smalltolarge.testsupport.KafkaProbe;

/**
 * The selector over the real broker and MongoDB-protocol server: one published selection.requested becomes DsDm's
 * attribution request; the test plays the attribution service (scores it chose, then attribution.completed), the
 * selector publishes the training study of every selection; the test plays the evaluator (holdout losses it
 * planted per selection, then study.analyzed), and the selector publishes selection.completed whose gains and
 * overlaps follow from what was planted. Replays change nothing; bad requests are rejected with field paths and
 * malformed records dead-lettered.
 */
@Tag("slow") // boots the service, needs Kafka, MongoDB and the corpus
@QuarkusTest
@TestProfile(OneSelectorWorker.class)
@QuarkusTestResource(value = KafkaAndMongoResource.class, restrictToAnnotatedClass = false)
class SelectionWorkflowTest {
    static final Duration WAIT = Duration.ofMinutes(2);
    static final Scale TINY = new Scale("tiny", new ModelShape(16, 1, 2, 32), 20_000);
    static final Scale SMALL = new Scale("small", new ModelShape(32, 1, 2, 32), 40_000);
    static final Scale REF = new Scale("ref", new ModelShape(64, 2, 4, 64), 200_000);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeAll
    static void needsCorpus() {
        String dir = System.getProperty("s2l.corpus.dir");
        Assumptions.assumeTrue(dir != null && !dir.isBlank(),
                "skipped: set -Ds2l.corpus.dir=<built corpus> (after 'bin/data build --out <dir>')");
    }

    static SelectionRequested request(String id, int size) {
        return new SelectionRequested(id, "demo", new ExamplePool(Map.of("fiction", 1.0, "code_java", 1.0), 40, 3L,
                null), new SelectionRequested.TargetTask("lastword", 10, 12), size,
                List.of("dsdm", "dsdm_worst", "dsir", "classifier", "random"), List.of(TINY, SMALL), REF,
                List.of(0L, 1L), 2, 5, new SelectionRequested.DsdmSettings(2,
                new AttributionRequested.ProjectionSettings("factored", 128, 0), 10, "margin"), 1000,
                Map.of("java", Map.of("code_java", 1.0)), TrainingSettings.DEFAULTS, Instant.now(), "test");
    }

    static boolean ofType(ConsumerRecord<String, String> r, String type) {
        return type.equals(KafkaProbe.header(r, "ce_type"));
    }

    /** What the reference's holdout loss is, per selection: DsDm better than random, its worst end worse. */
    static double plantedLoss(String selection, int item, long seed) {
        double base = 3.0 + 0.05 * (item % 5) + 0.01 * seed;
        if (selection.startsWith("dsdm_worst_")) {
            return base + 0.4;
        }
        if (selection.startsWith("dsdm_")) {
            return base - 0.3;
        }
        return selection.equals("random_1") ? base + 0.02 : base;
    }

    @Test
    void oneRequestBecomesSelectionsTrainingAndACompletedComparison() throws Exception {
        String id = "sel-" + UUID.randomUUID().toString().substring(0, 8);
        Corpus corpus = Corpus.open(Path.of(System.getProperty("s2l.corpus.dir")));
        try (KafkaProbe kafka = new KafkaProbe(bootstrap)) {
            kafka.publish(request(id, 10));

            // play the attribution service: DsDm's scores, tiny favouring the end of the pool, small the start
            ConsumerRecord<String, String> asked = kafka.readUntil(Topics.ATTRIBUTIONS,
                    r -> (id + "-dsdm").equals(r.key()), found -> !found.isEmpty(), WAIT).get(0);
            AttributionRequested attribution = EventJson.decode(EventType.ATTRIBUTION_REQUESTED, asked.value());
            List<String> pool = attribution.trainingSet().examples();
            assertEquals(40, pool.size());
            assertEquals(0, attribution.lds().subsets(), "DsDm needs scores only");
            assertEquals(new AttributionRequested.Targets("lastword", 10), attribution.targets());
            assertEquals(List.of("tiny", "small"), attribution.scales().stream().map(Scale::name).toList());
            double[] tiny = new double[40];
            double[] small = new double[40];
            for (int i = 0; i < 40; i++) {
                tiny[i] = i;
                small[i] = -i;
            }
            PeerStandIn.put("/attributions/" + id + "-dsdm/scores/tiny/mean", Map.of("examples", pool, "mean", tiny));
            PeerStandIn.put("/attributions/" + id + "-dsdm/scores/small/mean", Map.of("examples", pool, "mean", small));
            AttributionCompleted.LdsValue none = new AttributionCompleted.LdsValue(null, null, null, null, 0);
            kafka.publish(new AttributionCompleted(id + "-dsdm", id + "-dsdm-models", List.of(
                    new AttributionCompleted.ScaleResult("tiny", 1, 1, none, none, 0.1, 0.0),
                    new AttributionCompleted.ScaleResult("small", 1, 1, none, none, null, null)),
                    "http://stand-in/report", Instant.now()));

            // the training study: every selection, the reference only, both seeds
            ConsumerRecord<String, String> studyRecord = kafka.readUntil(Topics.STUDIES,
                    r -> (id + "-train").equals(r.key()), found -> !found.isEmpty(), WAIT).get(0);
            StudyRequested study = EventJson.decode(EventType.STUDY_REQUESTED, studyRecord.value());
            Validation v = StudySpecs.validate(study.spec(), new SpecLimits(10_000_000, 100_000_000, 1024, 1000),
                    corpus.domains());
            assertTrue(v.valid(), v.toString());
            List<PlannedRun> runs = StudyPlanner.plan(v.spec());
            Map<String, List<String>> chosen = new HashMap<>();
            runs.stream().filter(r -> !r.distribution().hasMixture())
                    .forEach(r -> chosen.put(r.distribution().name(), r.distribution().examples()));
            assertEquals(java.util.Set.of("dsdm_tiny", "dsdm_worst_tiny", "dsdm_small", "dsdm_worst_small", "dsir",
                    "classifier", "random_0", "random_1"), chosen.keySet());
            assertEquals(Map.of("code_java", 1.0), runs.stream().filter(r -> r.distribution().name().equals("java"))
                    .findFirst().orElseThrow().distribution().mixture(), "the natural mixture is trained beside them");
            assertEquals(9 * 3 * 2, runs.size(), "eight selections and a mixture, both proxies and the reference, two"
                    + " seeds");
            assertEquals(pool.subList(30, 40).stream().sorted().toList(), chosen.get("dsdm_tiny"),
                    "DsDm keeps the highest mean scores");
            assertEquals(pool.subList(0, 10).stream().sorted().toList(), chosen.get("dsdm_worst_tiny"));
            assertEquals(chosen.get("dsdm_worst_tiny"), chosen.get("dsdm_small"));
            chosen.values().forEach(docs -> assertEquals(10, docs.size()));

            // play the evaluator: every run's predictions on the whole suite (targets and holdout)
            List<EvalItem> items = EvalSuites.load(corpus.dir(), List.of("lastword"), 22).get("lastword").items();
            for (PlannedRun run : runs) {
                List<Double> losses = new ArrayList<>();
                List<Boolean> correct = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    losses.add(i < 10 ? 9.0 : plantedLoss(run.distribution().name(), i - 10, run.seed()));
                    correct.add(i % 2 == 0);
                }
                PeerStandIn.put("/runs/" + run.runId() + "/predictions/lastword", Map.of("suite", "lastword",
                        "item_ids", items.stream().map(EvalItem::id).toList(), "losses", losses,
                        "correct", correct));
            }
            kafka.publish(new StudyAnalyzed(id + "-train", true, List.of(), List.of(), null, Instant.now()));

            ConsumerRecord<String, String> done = kafka.readUntil(Topics.SELECTION_EVENTS,
                    r -> id.equals(r.key()) && ofType(r, "selection.completed.v1"), found -> !found.isEmpty(), WAIT)
                    .get(0);
            SelectionCompleted completed = EventJson.decode(EventType.SELECTION_COMPLETED, done.value());
            assertEquals(12, completed.holdoutItems());
            Map<String, SelectionCompleted.SelectionResult> byName = new HashMap<>();
            completed.selections().forEach(s -> byName.put(s.selection(), s));
            // random's mean loss per item is base + 0.01; DsDm is base - 0.3, so its gain is 0.31 on every item
            SelectionCompleted.Gain dsdm = byName.get("dsdm_tiny").gain();
            assertEquals(0.31, dsdm.mean(), 1e-9);
            assertTrue(dsdm.low() > 0.2 && dsdm.high() < 0.33, dsdm.toString());
            assertEquals(-0.39, byName.get("dsdm_worst_small").gain().mean(), 1e-9);
            assertNull(byName.get("random_0").gain());
            assertEquals("mixture", byName.get("java").method());
            assertEquals(0, byName.get("java").documents());
            assertEquals(0.01, byName.get("java").gain().mean(), 1e-9);
            assertEquals(0.5, byName.get("dsir").holdoutAccuracy(), 1e-12);
            assertEquals("tiny", byName.get("dsdm_tiny").proxyScale());
            assertTrue(byName.get("classifier").rule().contains("pareto"), byName.get("classifier").rule());
            double tinyVsSmall = completed.overlaps().stream().filter(o -> o.a().equals("dsdm_tiny")
                    && o.b().equals("dsdm_small")).findFirst().orElseThrow().jaccard();
            assertEquals(0.0, tinyVsSmall, "opposite scores choose disjoint sets");

            JsonNode status = PeerStandIn.JSON.readTree(given().get("/selections/" + id).then().statusCode(200)
                    .extract().asString());
            assertEquals("completed", status.get("status").asText());
            assertEquals(8, status.get("selections").size(), "the selections made (the mixture is no selection)");
            JsonNode report = PeerStandIn.JSON.readTree(given().get("/selections/" + id + "/report").then()
                    .statusCode(200).extract().asString());
            assertEquals(40, report.get("pool_size").asInt());
            assertEquals(12, report.get("selections").get(0).get("holdout_item_losses").size());
            assertEquals(TINY.flops(), report.get("proxy_scales").get(0).get("flops_per_model").asDouble());
            String page = given().get("/selections/" + id + "/report.html").then().statusCode(200)
                    .contentType(containsString("text/html")).extract().asString();
            assertTrue(page.contains("data-plot=\"gain-vs-proxy-compute\""), "figure 1");
            assertTrue(page.contains("data-plot=\"holdout-loss-by-selection\""), "figure 2");
            assertTrue(page.contains("+0.310 <span class=\"ci\">["), "DsDm's gain");
            assertTrue(page.contains("<td class=\"num\">0.500</td>"), "DSIR's accuracy");
            given().get("/selections/nothing-" + id + "/report.html").then().statusCode(404)
                    .contentType(containsString("text/html")).body(containsString("No selection &#39;nothing-"));
            given().get("/selections/" + id + "/selections/dsir").then().statusCode(200);
            given().get("/selections/" + id + "/selections/nothing").then().statusCode(404);

            // a replay of the request and of the announcements publishes nothing new
            kafka.publish(request(id, 10));
            kafka.publish(new StudyAnalyzed(id + "-train", true, List.of(), List.of(), null, Instant.now()));
            kafka.awaitGroupCaughtUp("s2l-selection-requests", Topics.SELECTIONS, WAIT);
            kafka.awaitGroupCaughtUp("s2l-selector-studies", Topics.STUDY_EVENTS, WAIT);
            assertEquals(1, kafka.readAll(Topics.STUDIES, r -> (id + "-train").equals(r.key())).size());
            assertEquals(1, kafka.readAll(Topics.SELECTION_EVENTS, r -> id.equals(r.key())).size());
        }
    }

    @Test
    void aRequestWithProblemsIsRejectedWithFieldPathsAndAMalformedRecordIsDeadLettered() throws Exception {
        String id = "sel-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaProbe kafka = new KafkaProbe(bootstrap)) {
            kafka.publish(request(id, 40));
            SelectionRejected rejected = EventJson.decode(EventType.SELECTION_REJECTED, kafka.readUntil(
                    Topics.SELECTION_EVENTS, r -> id.equals(r.key()) && ofType(r, "selection.rejected.v1"),
                    found -> !found.isEmpty(), WAIT).get(0).value());
            assertEquals("size", rejected.errors().get(0).path(), rejected.errors().toString());

            String bad = "sel-bad-" + UUID.randomUUID().toString().substring(0, 8);
            kafka.publishCloudEvent(Topics.SELECTIONS, bad, "selection.requested.v1",
                    "{\"selection_id\": \"" + bad + "\", \"size\": \"many\"}");
            assertEquals(1, kafka.readUntil("s2l.dead-letter.selector", r -> bad.equals(r.key()),
                    found -> !found.isEmpty(), WAIT).size());

            // still running: a YAML document with defaults, POSTed, goes through (DSIR and random only, no DsDm)
            String after = "sel-" + UUID.randomUUID().toString().substring(0, 8);
            String yaml = "selection_id: " + after + "\ncorpus: demo\npool: {mixture: {fiction: 1}, size: 30}\n"
                    + "task: {suite: lastword, targets: 5, holdout: 5}\nsize: 8\nmethods: [dsir, random]\n"
                    + "proxy_scales: [{name: tiny, model: {d_model: 8, layers: 1, heads: 2, context: 32}, tokens: 4096}]\n"
                    + "reference: {name: ref, model: {d_model: 16, layers: 1, heads: 2, context: 32}, tokens: 8192}\n";
            given().contentType("application/yaml").body("selection_id: [".getBytes(UTF_8)).post("/selections")
                    .then().statusCode(400);
            given().contentType("application/yaml").body(yaml.getBytes(UTF_8)).post("/selections").then()
                    .statusCode(202);
            StudyRequested study = EventJson.decode(EventType.STUDY_REQUESTED, kafka.readUntil(Topics.STUDIES,
                    r -> (after + "-train").equals(r.key()), found -> !found.isEmpty(), WAIT).get(0).value());
            assertEquals(4, study.spec().get("distributions").size(), "dsir and three random selections (default)");
            given().get("/selections/" + after + "/report.html").then().statusCode(404)
                    .contentType(containsString("text/html")).body(containsString("has no report yet"));
        }
    }
}
