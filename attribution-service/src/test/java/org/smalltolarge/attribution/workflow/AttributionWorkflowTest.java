package org.smalltolarge.attribution.workflow;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.smalltolarge.attribution.LocallyTrainedModels;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.AttributionCompleted;
import org.smalltolarge.contracts.events.AttributionRejected;
import org.smalltolarge.contracts.events.AttributionRequested;
import org.smalltolarge.contracts.events.ExamplePool;
import org.smalltolarge.contracts.events.StudyRequested;
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.corpus.Corpus;
import org.smalltolarge.lm.Checkpoints;
import org.smalltolarge.lm.DirectoryCheckpointStore;
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
 * The attribution service over the real broker and MongoDB-protocol server: one published attribution.requested
 * becomes the study of its models on s2l.studies; the test plays the trainer (trains each planned run here and
 * publishes training.completed with its checkpoint), and the service computes and publishes attribution.completed,
 * serves status, report (JSON and HTML) and scores; replays change nothing; bad requests are rejected with field
 * paths and malformed records dead-lettered.
 */
@Tag("slow") // trains models, boots the service, needs Kafka and MongoDB
@QuarkusTest
@TestProfile(OneAttributionWorker.class)
@QuarkusTestResource(value = KafkaAndMongoResource.class, restrictToAnnotatedClass = false)
class AttributionWorkflowTest {
    static final Duration WAIT = Duration.ofMinutes(4);
    static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @jakarta.inject.Inject
    com.mongodb.client.MongoClient mongo;

    @BeforeAll
    static void needsCorpus() {
        String dir = System.getProperty("s2l.corpus.dir");
        Assumptions.assumeTrue(dir != null && !dir.isBlank(),
                "skipped: set -Ds2l.corpus.dir=<built corpus> (after 'bin/data build --out <dir>')");
    }

    static boolean ofType(ConsumerRecord<String, String> r, String type) {
        return type.equals(KafkaProbe.header(r, "ce_type"));
    }

    static AttributionRequested request(String id, String suite) {
        Scale tiny = new Scale("tiny", new ModelShape(16, 1, 2, 32), 20_000);
        Scale small = new Scale("small", new ModelShape(32, 1, 2, 32), 40_000);
        return new AttributionRequested(id, "demo",
                new ExamplePool(Map.of("fiction", 1.0, "speeches", 1.0, "email", 1.0), 24, 2L,
                        null),
                new AttributionRequested.Targets(suite, 8), List.of(tiny, small), "small", 2,
                new AttributionRequested.LdsSettings(4, 1), new AttributionRequested.ProjectionSettings("factored",
                128, 0), 0.1, "margin", TrainingSettings.DEFAULTS, Instant.now(), "test");
    }

    @Test
    void oneRequestBecomesAStudyAndTrainedModelsBecomeScoresLdsAndAReport() throws Exception {
        String id = "attr-" + UUID.randomUUID().toString().substring(0, 8);
        Corpus corpus = Corpus.open(Path.of(System.getProperty("s2l.corpus.dir")));
        try (KafkaProbe kafka = new KafkaProbe(bootstrap)) {
            kafka.publish(request(id, "lastword"));
            List<ConsumerRecord<String, String>> studies = kafka.readUntil(Topics.STUDIES,
                    r -> (id + "-models").equals(r.key()), found -> !found.isEmpty(), WAIT);
            StudyRequested study = EventJson.decode(EventType.STUDY_REQUESTED, studies.get(0).value());
            Validation validation = StudySpecs.validate(study.spec(),
                    new SpecLimits(10_000_000, 100_000_000, 1024, 1000), corpus.domains());
            assertTrue(validation.valid(), validation.toString());
            List<PlannedRun> runs = StudyPlanner.plan(validation.spec());
            assertEquals((2 + 4) * 2, runs.size());

            // play the trainer: train every planned run and announce its checkpoint
            Path root = Files.createTempDirectory("attribution-workflow-checkpoints");
            DirectoryCheckpointStore store = new DirectoryCheckpointStore(root);
            List<TrainingCompleted> announced = new java.util.ArrayList<>();
            for (PlannedRun run : runs) {
                Path checkpoint = LocallyTrainedModels.train(corpus, run.scale(), run.distribution(),
                        root.resolve("work").resolve(run.runId()));
                String uri = store.publish(run.runId(), checkpoint);
                TrainingCompleted genuine = new TrainingCompleted(run.runId(), study.studyId(), uri,
                        Checkpoints.digest(checkpoint), 3.0, 3.1, run.scale().model().parameters(),
                        run.scale().tokenBudget(), run.scale().flops(), 1.0, "cpu", Instant.now());
                kafka.publish(genuine);
                announced.add(genuine);
                if (announced.size() == 2) { // a forgery: run 0 announced again with run 1's (intact) checkpoint
                    TrainingCompleted first = announced.get(0);
                    kafka.publish(new TrainingCompleted(first.runId(), first.studyId(), genuine.checkpointUri(),
                            genuine.checkpointSha256(), 3.0, 3.1, 1, 1, 1, 1.0, "cpu", Instant.now()));
                }
            }

            List<ConsumerRecord<String, String>> done = kafka.readUntil(Topics.ATTRIBUTION_EVENTS,
                    r -> id.equals(r.key()) && ofType(r, "attribution.completed.v1"), found -> !found.isEmpty(), WAIT);
            AttributionCompleted completed = EventJson.decode(EventType.ATTRIBUTION_COMPLETED, done.get(0).value());
            assertEquals(List.of("tiny", "small"), completed.scales().stream()
                    .map(AttributionCompleted.ScaleResult::scale).toList());
            for (AttributionCompleted.ScaleResult s : completed.scales()) {
                assertTrue(s.lds().targets() > 0 && s.lds().mean() != null, s.toString());
                assertTrue(s.lds().low() <= s.lds().mean() && s.lds().mean() <= s.lds().high(), s.toString());
            }
            assertNull(completed.scales().get(1).medianSpearman(), "the reference is not compared with itself");
            assertNotNull(completed.scales().get(0).medianSpearman());
            assertTrue(completed.reportUri().endsWith("/attributions/" + id + "/report"), completed.reportUri());

            JsonNode status = JSON.readTree(given().get("/attributions/" + id).then().statusCode(200).extract()
                    .asString());
            assertEquals("completed", status.get("status").asText());
            assertEquals(12, status.get("models_trained").asInt());
            Document models = mongo.getDatabase("s2l").getCollection("attributions").find(
                    com.mongodb.client.model.Filters.eq("_id", id)).first().get("models", Document.class);
            assertEquals(announced.get(0).checkpointUri(), models.get(announced.get(0).runId(), Document.class)
                    .getString("uri"), "the forged announcement of run 0 changed nothing");
            JsonNode report = JSON.readTree(given().get("/attributions/" + id + "/report").then().statusCode(200)
                    .extract().asString());
            assertEquals(24, report.get("pool_size").asInt());
            assertEquals(8, report.get("scales").get(0).get("lds_per_target").size());
            assertEquals(64, report.get("scales").get(1).get("scores_sha256").asText().length());
            var page = given().get("/attributions/" + id + "/report.html").then().statusCode(200).extract();
            assertTrue(page.contentType().startsWith("text/html"), page.contentType());
            assertTrue(page.asString().contains("data-plot=\"lds-vs-compute\"") && page.asString().contains(
                    "data-plot=\"lds-vs-ensemble-size\"") && page.asString().contains(
                    "data-plot=\"agreement-histograms\""), "the HTML report's three figures");
            given().get("/attributions/no-such-attribution/report.html").then().statusCode(404);
            JsonNode top = JSON.readTree(given().queryParam("target", 3).queryParam("top", 5)
                    .get("/attributions/" + id + "/scores/small").then().statusCode(200).extract().asString());
            assertEquals(5, top.size());
            assertTrue(top.get(0).get("score").asDouble() >= top.get(4).get("score").asDouble());
            given().get("/attributions/" + id + "/scores/small").then().statusCode(400);
            given().queryParam("target", 8).get("/attributions/" + id + "/scores/small").then().statusCode(404);

            // replays: the same request and the same trainer announcements change nothing
            kafka.publish(request(id, "lastword"));
            for (PlannedRun run : runs.subList(0, 2)) {
                Path checkpoint = Checkpoints.latest(root.resolve("work").resolve(run.runId())).orElseThrow();
                kafka.publish(new TrainingCompleted(run.runId(), study.studyId(), store.publish(run.runId(),
                        checkpoint), Checkpoints.digest(checkpoint), 3.0, 3.1, 1, 1, 1, 1.0, "cpu", Instant.now()));
            }
            kafka.awaitGroupCaughtUp("s2l-attribution-requests", Topics.ATTRIBUTIONS, WAIT);
            kafka.awaitGroupCaughtUp("s2l-attribution-runs", Topics.TRAINING_EVENTS, WAIT);
            assertEquals(1, kafka.readAll(Topics.STUDIES, r -> (id + "-models").equals(r.key())).size(),
                    "a replayed request publishes no second study");
            assertEquals(1, kafka.readAll(Topics.ATTRIBUTION_EVENTS, r -> id.equals(r.key())).size(),
                    "replays publish no second completion");
        }
    }

    @Test
    void aRequestWithProblemsIsRejectedWithFieldPathsAndAMalformedRecordIsDeadLettered() throws Exception {
        String id = "attr-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaProbe kafka = new KafkaProbe(bootstrap)) {
            kafka.publish(request(id, "trivia"));
            List<ConsumerRecord<String, String>> rejected = kafka.readUntil(Topics.ATTRIBUTION_EVENTS,
                    r -> id.equals(r.key()) && ofType(r, "attribution.rejected.v1"), found -> !found.isEmpty(), WAIT);
            AttributionRejected event = EventJson.decode(EventType.ATTRIBUTION_REJECTED, rejected.get(0).value());
            assertEquals("targets.suite", event.errors().get(0).path());

            String bad = "attr-bad-" + UUID.randomUUID().toString().substring(0, 8);
            kafka.publishCloudEvent(Topics.ATTRIBUTIONS, bad, "attribution.requested.v1",
                    "{\"attribution_id\": \"" + bad + "\", \"ensemble\": \"many\"}");
            List<ConsumerRecord<String, String>> dead = kafka.readUntil("s2l.dead-letter.attribution",
                    r -> bad.equals(r.key()), found -> !found.isEmpty(), WAIT);
            assertEquals(1, dead.size());
            // the service keeps running: a good request after the poison one, POSTed as a YAML document, is planned
            String after = "attr-" + UUID.randomUUID().toString().substring(0, 8);
            String refused = given().contentType("application/yaml").body("attribution_id: [".getBytes(UTF_8))
                    .post("/attributions").then().statusCode(400).extract().asString();
            assertTrue(refused.contains("error"), refused);
            given().contentType("application/yaml").body(EventJson.encode(request(after, "lastword")).getBytes(UTF_8))
                    .post("/attributions").then().statusCode(202);
            assertEquals(1, kafka.readUntil(Topics.STUDIES, r -> (after + "-models").equals(r.key()),
                    found -> !found.isEmpty(), WAIT).size());
        }
    }
}
