package org.smalltolarge.trainer;

import static com.mongodb.client.model.Filters.eq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.StudyPlanned;
import org.smalltolarge.contracts.events.StudyPlannedPart;
import org.smalltolarge.contracts.events.StudyRejected;
import org.smalltolarge.contracts.events.TrainingRequested;
import org.smalltolarge.spec.PlannedRun;
import org.smalltolarge.spec.SpecLimits;
import org.smalltolarge.spec.StudyPlanner;
import org.smalltolarge.spec.StudySpecs;
import org.smalltolarge.testsupport.KafkaAndMongoResource;
import org.smalltolarge.testsupport.KafkaProbe;
import org.smalltolarge.testsupport.PoisonRecord;

/**
 * Two parties over the real broker and a real MongoDB-protocol server (never the in-memory connector): a plain
 * Kafka client publishes study requests the way a user or another service would, and the trainer service
 * consumes, validates, stores and answers them.
 */
@Tag("slow") // boots the service, needs Kafka and MongoDB
@QuarkusTest
@QuarkusTestResource(value = KafkaAndMongoResource.class, restrictToAnnotatedClass = false)
class StudyIntakeOverKafkaTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    MongoClient mongo;

    private KafkaProbe kafka;
    private MongoDatabase db;

    @BeforeEach
    void connect() {
        kafka = new KafkaProbe(bootstrap);
        db = mongo.getDatabase("s2l");
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    static String tinyStudy(String id) {
        return """
                id: %s
                corpus: demo
                distributions:
                  - name: prose
                    mixture: {fiction: 1, speeches: 1}
                  - name: code
                    mixture: {code_java: 3, code_python: 1}
                scales:
                  - name: xs
                    model: {d_model: 32, layers: 1, heads: 2, context: 64}
                    tokens: 20000
                  - name: ref
                    model: {d_model: 64, layers: 2, heads: 2, context: 64}
                    tokens_per_param: 2
                reference: ref
                seeds: [0]
                """.formatted(id);
    }

    private static String requestJson(String id, String yaml) throws Exception {
        JsonNode spec = StudySpecs.parse(yaml);
        return "{\"study_id\":\"" + id + "\",\"spec\":" + spec + ",\"submitted_at\":\"2026-11-27T12:00:00Z\","
                + "\"submitted_by\":\"test\"}";
    }

    private List<TrainingRequested> trainingRequestsOf(String studyId, int atLeast) {
        return kafka.readUntil(Topics.TRAINING_REQUESTS,
                        r -> r.key().startsWith(studyId + "-"), found -> found.size() >= atLeast, WAIT).stream()
                .map(r -> {
                    assertEquals("training.requested.v1", KafkaProbe.header(r, "ce_type"));
                    TrainingRequested e = EventJson.decode(EventType.TRAINING_REQUESTED, r.value());
                    assertEquals(e.runId(), r.key(), "records are keyed by run id");
                    return e;
                }).toList();
    }

    @Test
    void validStudyIsStoredPlannedAndEachRunRequestedOnceEvenWhenPublishedTwice() throws Exception {
        String id = "tiny-" + UUID.randomUUID().toString().substring(0, 8);
        String yaml = tinyStudy(id);
        List<String> expectedRuns = StudyPlanner.plan(StudySpecs.validate(StudySpecs.parse(yaml),
                SpecLimits.defaults(), null).spec()).stream().map(PlannedRun::runId).toList();
        assertEquals(4, expectedRuns.size());

        kafka.publishCloudEvent(Topics.STUDIES, id, "study.requested.v1", requestJson(id, yaml));

        ConsumerRecord<String, String> plannedRecord = kafka.readUntil(Topics.STUDY_EVENTS,
                r -> id.equals(r.key()) && "study.planned.v2".equals(KafkaProbe.header(r, "ce_type")),
                found -> !found.isEmpty(), WAIT).get(0);
        StudyPlannedPart part = EventJson.decode(EventType.STUDY_PLANNED_PART, plannedRecord.value());
        assertEquals(1, part.parts(), "a small plan is one part");
        StudyPlanned planned = StudyPlannedPart.assemble(List.of(part));
        assertEquals(expectedRuns, planned.runs().stream().map(StudyPlanned.PlannedRunSummary::runId).toList());
        assertEquals("ref", planned.referenceScale());
        assertEquals(null, planned.recommendMinCorrelation(), "the study sets no analysis threshold");

        List<TrainingRequested> requests = trainingRequestsOf(id, 4);
        assertEquals(Set.copyOf(expectedRuns), requests.stream().map(TrainingRequested::runId).collect(Collectors.toSet()));
        assertEquals(Set.of("proxy", "reference"), requests.stream().map(TrainingRequested::role).collect(Collectors.toSet()));

        Document study = db.getCollection("studies").find(eq("_id", id)).first();
        assertEquals(expectedRuns, study.getList("run_ids", String.class));
        assertEquals(4, db.getCollection("runs").countDocuments(eq("study_id", id)));

        // The same study again, once as a CloudEvent and once as a plain document: nothing new is published.
        kafka.publishCloudEvent(Topics.STUDIES, id, "study.requested.v1", requestJson(id, yaml));
        kafka.publishPlain(Topics.STUDIES, id, yaml);
        kafka.awaitGroupCaughtUp("s2l-trainer-planner", Topics.STUDIES, WAIT);
        assertEquals(4, kafka.readAll(Topics.TRAINING_REQUESTS, r -> r.key().startsWith(id + "-")).size(),
                "each run is requested exactly once");
        assertEquals(1, kafka.readAll(Topics.STUDY_EVENTS, r -> id.equals(r.key())).size(),
                "the study is planned once");
        assertEquals(1, db.getCollection("studies").countDocuments(eq("_id", id)));
        assertEquals(4, db.getCollection("runs").countDocuments(eq("study_id", id)));
    }

    @Test
    void theStudysAnalysisThresholdTravelsWithItsPlan() throws Exception {
        String id = "thresh-" + UUID.randomUUID().toString().substring(0, 8);
        String yaml = tinyStudy(id) + "analysis: {recommend_min_correlation: 0.8}\n";
        kafka.publishCloudEvent(Topics.STUDIES, id, "study.requested.v1", requestJson(id, yaml));
        ConsumerRecord<String, String> plannedRecord = kafka.readUntil(Topics.STUDY_EVENTS,
                r -> id.equals(r.key()) && "study.planned.v2".equals(KafkaProbe.header(r, "ce_type")),
                found -> !found.isEmpty(), WAIT).get(0);
        StudyPlannedPart part = EventJson.decode(EventType.STUDY_PLANNED_PART, plannedRecord.value());
        assertEquals(0.8, part.recommendMinCorrelation());
    }

    @Test
    void invalidStudyIsRejectedWithEveryFieldErrorAndNothingStored() throws Exception {
        String id = "bad-" + UUID.randomUUID().toString().substring(0, 8);
        String yaml = tinyStudy(id)
                .replace("mixture: {code_java: 3, code_python: 1}", "mixture: {code_java: 0, code_python: 1}")
                .replace("d_model: 64, layers: 2, heads: 2", "d_model: 64, layers: 2, heads: 3")
                .replace("reference: ref", "reference: big");
        kafka.publishCloudEvent(Topics.STUDIES, id, "study.requested.v1", requestJson(id, yaml));

        ConsumerRecord<String, String> record = kafka.readUntil(Topics.STUDY_EVENTS,
                r -> id.equals(r.key()) && "study.rejected.v1".equals(KafkaProbe.header(r, "ce_type")),
                found -> !found.isEmpty(), WAIT).get(0);
        StudyRejected rejected = EventJson.decode(EventType.STUDY_REJECTED, record.value());
        assertEquals(EXPECTED_ERRORS, rejected.errors().stream().map(Object::toString).toList());
        kafka.awaitGroupCaughtUp("s2l-trainer-planner", Topics.STUDIES, WAIT);
        assertNull(db.getCollection("studies").find(eq("_id", id)).first(), "a rejected study is not stored");
        assertEquals(0, db.getCollection("runs").countDocuments(eq("study_id", id)));
    }

    static final List<String> EXPECTED_ERRORS = List.of(
            "distributions[1].mixture.code_java: weight must be > 0",
            "scales[1].model.heads: must divide d_model (64 % 3 != 0)",
            "reference: 'big' is not a scale (known: xs, ref)");

    @Test
    void malformedRecordsGoToTheDeadLetterTopicAndTheServiceGoesOn() throws Exception {
        String marker = "broken-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.publishCloudEvent(Topics.STUDIES, marker, "study.requested.v1", "{\"study_id\": \"" + marker + "\", oops");
        kafka.publishCloudEvent(Topics.STUDIES, marker, "training.completed.v1", "{}");
        kafka.publishPlain(Topics.STUDIES, null, "id: [unclosed " + marker);

        List<ConsumerRecord<String, String>> dead = kafka.readUntil(Topics.DEAD_LETTER_PREFIX + "trainer",
                r -> marker.equals(r.key()) || r.key() == null && r.value().contains("[unclosed " + marker),
                found -> found.size() >= 3, WAIT);
        assertEquals(3, dead.size(), "all three malformed records are dead-lettered");
        // Records of different keys land in different partitions: their order on the dead-letter topic is open.
        List<String> reasons = dead.stream().map(r -> KafkaProbe.header(r, "dead-letter-reason")).sorted().toList();
        assertEquals(3, reasons.stream().filter(java.util.Objects::nonNull).count(), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.startsWith("record on s2l.studies (key none): neither a CloudEvent nor a study document")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("): study.requested.v1 payload is not valid JSON (line 1")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("): ce_type 'training.completed.v1' travels on s2l.training-events")), reasons.toString());

        // The consumer is still alive: a valid study sent afterwards is planned.
        String id = "after-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.publishPlain(Topics.STUDIES, id, tinyStudy(id));
        assertEquals(4, trainingRequestsOf(id, 4).size());

        // ... and an operator sees both on /q/metrics, beside the Kafka consumers' lag
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract()
                .asString();
        assertTrue(metricSum(metrics, "s2l_dead_lettered_records_total{topic=\"s2l.studies\"") >= 3, metrics);
        assertTrue(metricSum(metrics, "s2l_items{collection=\"runs\"") >= 4, "runs by status");
        assertTrue(metrics.contains("kafka_consumer_fetch_manager_records_lag"), "consumer lag is exported");
    }

    /** The sum of the Prometheus samples whose line starts with {@code prefix} (a name and the first labels). */
    static double metricSum(String exposition, String prefix) {
        return exposition.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /**
     * Records that once stopped a consumer for good, across restarts (its offset was never committed): each is
     * dead-lettered with a reason on both topics the trainer reads, the service stays ready, and work sent
     * afterwards is done.
     */
    @Test
    void poisonRecordsOnEveryConsumedTopicAreDeadLetteredAndTheServiceStaysReady() throws Exception {
        String marker = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> typeOf = Map.of(Topics.STUDIES, "study.requested.v1",
                Topics.TRAINING_REQUESTS, "training.requested.v1");
        Set<String> keys = new java.util.HashSet<>();
        for (Map.Entry<String, String> topic : typeOf.entrySet()) {
            for (PoisonRecord poison : PoisonRecord.values()) {
                String key = marker + "-" + poison.name().toLowerCase(java.util.Locale.ROOT) + "-" + topic.getKey();
                keys.add(key);
                kafka.publishRaw(poison.on(topic.getKey(), key, topic.getValue()));
            }
        }
        List<ConsumerRecord<String, String>> dead = kafka.readUntil(Topics.DEAD_LETTER_PREFIX + "trainer",
                r -> keys.contains(r.key()), found -> found.size() >= keys.size(), WAIT);
        assertEquals(keys, dead.stream().map(ConsumerRecord::key).collect(Collectors.toSet()),
                "every poison record is dead-lettered");
        for (ConsumerRecord<String, String> r : dead) {
            String reason = KafkaProbe.header(r, "dead-letter-reason");
            assertTrue(reason != null && reason.startsWith("record on ") && reason.contains(r.key()), r.key() + ": " + reason);
        }
        io.restassured.RestAssured.get("/q/health/ready").then().statusCode(200);

        String id = "after-poison-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.publishPlain(Topics.STUDIES, id, tinyStudy(id));
        assertEquals(4, trainingRequestsOf(id, 4).size(), "the studies consumer goes on");
        // the requests consumer committed past the poison and the new requests: it goes on too
        kafka.awaitGroupCaughtUp("s2l-trainer-workers", Topics.TRAINING_REQUESTS, WAIT);
        kafka.awaitGroupCaughtUp("s2l-trainer-planner", Topics.STUDIES, WAIT);
    }

    /**
     * Only the planner asks for training: a request for a run no study planned, and a request that differs from
     * the planned run (here: a context far above trainer.max-context), are dead-lettered and change nothing.
     */
    @Test
    void forgedAndMangledTrainingRequestsAreDeadLetteredAndChangeNothing() throws Exception {
        String id = "forgery-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.publishPlain(Topics.STUDIES, id, tinyStudy(id));
        TrainingRequested genuine = trainingRequestsOf(id, 4).get(0);
        kafka.awaitGroupCaughtUp("s2l-trainer-workers", Topics.TRAINING_REQUESTS, WAIT);
        Document before = db.getCollection("runs").find(eq("_id", genuine.runId())).first();

        TrainingRequested forged = new TrainingRequested(id + "-forged", id, genuine.corpus(), genuine.distribution(),
                genuine.scale(), genuine.seed(), genuine.role(), genuine.training(), genuine.requestedAt());
        var shape = genuine.scale().model();
        TrainingRequested mangled = new TrainingRequested(genuine.runId(), id, genuine.corpus(), genuine.distribution(),
                new org.smalltolarge.spec.Scale(genuine.scale().name(),
                        new org.smalltolarge.spec.ModelShape(shape.dModel(), shape.layers(), shape.heads(), 9000),
                        genuine.scale().tokenBudget()),
                genuine.seed(), genuine.role(), genuine.training(), genuine.requestedAt());
        kafka.publish(forged);
        kafka.publish(mangled);

        List<ConsumerRecord<String, String>> dead = kafka.readUntil(Topics.DEAD_LETTER_PREFIX + "trainer",
                r -> forged.runId().equals(r.key()) || genuine.runId().equals(r.key()), found -> found.size() >= 2, WAIT);
        assertEquals(Set.of(forged.runId(), genuine.runId()), dead.stream().map(ConsumerRecord::key)
                .collect(Collectors.toSet()));
        for (ConsumerRecord<String, String> r : dead) {
            String reason = KafkaProbe.header(r, "dead-letter-reason");
            assertTrue(r.key().equals(forged.runId()) ? reason.contains("was not planned by any study")
                    : reason.contains("differs from the request planned for run"), reason);
        }
        assertNull(db.getCollection("runs").find(eq("_id", forged.runId())).first(), "no run made from a forgery");
        assertEquals(before, db.getCollection("runs").find(eq("_id", genuine.runId())).first(), "the run is unchanged");
    }
}
