package org.smalltolarge.trainer;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
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
import org.smalltolarge.contracts.events.StudyRequestedByReference;
import org.smalltolarge.spec.PlannedRun;
import org.smalltolarge.spec.SpecLimits;
import org.smalltolarge.spec.StudyPlanner;
import org.smalltolarge.spec.StudySpecs;
import org.smalltolarge.testsupport.KafkaAndMongoResource;
import org.smalltolarge.testsupport.KafkaProbe;

/**
 * Studies whose events would not fit one Kafka record (1 MiB by default) if they were sent whole: a plan of
 * thousands of runs, a spec of megabytes. Each is planned in small events, or refused with the reason; the
 * planner never stops on one of them.
 */
@Tag("slow") // boots the service, plans a 7,000-run study over Kafka and MongoDB
@QuarkusTest
@QuarkusTestResource(value = KafkaAndMongoResource.class, restrictToAnnotatedClass = false)
class LargeStudyTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Far below the 1 MiB that Kafka takes by default per record. */
    private static final int SMALL_EVENT_BYTES = 256 * 1024;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    MongoClient mongo;

    private KafkaProbe kafka;
    private MongoDatabase db;
    /** Studies this test made, removed afterwards. */
    private final List<String> studyIds = new java.util.ArrayList<>();

    @BeforeEach
    void connect() {
        kafka = new KafkaProbe(bootstrap);
        db = mongo.getDatabase("s2l");
    }

    /**
     * Removes this test's studies and runs: the test servers keep everything in memory, and a later test class with
     * workers would otherwise train thousands of leftover runs. This process's training-requests consumer records
     * every run it reads, so it must have read them all first.
     */
    @AfterEach
    void close() throws Exception {
        if (db.getCollection("runs").countDocuments(in("study_id", studyIds)) > 0) {
            kafka.awaitGroupCaughtUp("s2l-trainer-workers", Topics.TRAINING_REQUESTS, WAIT);
        }
        kafka.close();
        db.getCollection("runs").deleteMany(in("study_id", studyIds));
        db.getCollection("studies").deleteMany(in("_id", studyIds));
        db.getCollection("submitted_specs").deleteMany(in("study_id", studyIds));
    }

    private String newStudyId(String prefix) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        studyIds.add(id);
        return id;
    }

    /**
     * {@code distributions} mixtures (long names, as a generated study would have) at two tiny scales with
     * {@code seeds} seeds: 2 x distributions x seeds runs, cheap to plan.
     */
    static String manyRunsStudy(String id, int distributions, int seeds) {
        StringBuilder yaml = new StringBuilder("id: " + id + "\ncorpus: demo\ndistributions:\n");
        for (int d = 0; d < distributions; d++) {
            yaml.append("  - name: mixture_of_fiction_and_speeches_number_").append(d).append('\n')
                    .append("    mixture: {fiction: ").append(d + 1).append(", speeches: 1}\n");
        }
        yaml.append("""
                scales:
                  - name: xs
                    model: {d_model: 32, layers: 1, heads: 2, context: 64}
                    tokens: 20000
                  - name: ref
                    model: {d_model: 64, layers: 2, heads: 2, context: 64}
                    tokens_per_param: 2
                reference: ref
                seeds: [""");
        for (int s = 0; s < seeds; s++) {
            yaml.append(s == 0 ? "" : ", ").append(s);
        }
        return yaml.append("]\n").toString();
    }

    /**
     * A study whose size is its selections: {@code distributions} selections of {@code examplesEach} example ids
     * (as a data-selection method would write them), at two tiny scales with one seed.
     */
    static String selectionStudy(String id, int distributions, int examplesEach) {
        StringBuilder yaml = new StringBuilder("id: " + id + "\ncorpus: demo\ndistributions:\n");
        for (int d = 0; d < distributions; d++) {
            yaml.append("  - name: selection_").append(d).append("\n    examples:\n");
            for (int e = 0; e < examplesEach; e++) {
                yaml.append("      - fiction/doc-").append(String.format("%07d", e * distributions + d)).append('\n');
            }
        }
        return yaml.append("""
                scales:
                  - name: xs
                    model: {d_model: 32, layers: 1, heads: 2, context: 64}
                    tokens: 20000
                  - name: ref
                    model: {d_model: 64, layers: 2, heads: 2, context: 64}
                    tokens: 40000
                reference: ref
                seeds: [0]
                """).toString();
    }

    private static List<String> plannedRunIds(String yaml) throws Exception {
        return StudyPlanner.plan(StudySpecs.validate(StudySpecs.parse(yaml), SpecLimits.defaults(), null).spec())
                .stream().map(PlannedRun::runId).toList();
    }

    private static void post(String yaml, String id, int runs) {
        given().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8))
                .when().post("/studies")
                .then().statusCode(202)
                .body("study_id", equalTo(id))
                .body("runs", equalTo(runs));
    }

    /** Every part of the study's plan, each checked to be small; the plan they make up. */
    private StudyPlanned planOf(String id) {
        List<ConsumerRecord<String, String>> records = kafka.readUntil(Topics.STUDY_EVENTS,
                r -> id.equals(r.key()),
                found -> found.stream().anyMatch(r -> "study.rejected.v1".equals(KafkaProbe.header(r, "ce_type")))
                        || complete(found), WAIT);
        records.forEach(r -> assertTrue(r.serializedValueSize() < SMALL_EVENT_BYTES,
                KafkaProbe.header(r, "ce_type") + " of " + r.serializedValueSize() + " bytes"));
        List<String> types = records.stream().map(r -> KafkaProbe.header(r, "ce_type")).distinct().toList();
        assertEquals(List.of("study.planned.v2"), types, "only plan parts: " + records.stream()
                .filter(r -> !"study.planned.v2".equals(KafkaProbe.header(r, "ce_type"))).map(ConsumerRecord::value)
                .toList());
        List<StudyPlannedPart> parts = records.stream()
                .map(r -> EventJson.<StudyPlannedPart>decode(EventType.STUDY_PLANNED_PART, r.value())).toList();
        assertEquals(parts.get(0).parts(), parts.size(), "each part once");
        return StudyPlannedPart.assemble(parts);
    }

    private static boolean complete(List<ConsumerRecord<String, String>> found) {
        List<StudyPlannedPart> parts = found.stream()
                .filter(r -> "study.planned.v2".equals(KafkaProbe.header(r, "ce_type")))
                .map(r -> EventJson.<StudyPlannedPart>decode(EventType.STUDY_PLANNED_PART, r.value())).toList();
        return !parts.isEmpty() && parts.stream().map(StudyPlannedPart::part).distinct().count() == parts.get(0).parts();
    }

    private Set<String> requestedRuns(String id, int expected) {
        Set<String> runIds = new HashSet<>();
        for (ConsumerRecord<String, String> r : kafka.readUntil(Topics.TRAINING_REQUESTS,
                r -> r.key().startsWith(id + "-"), found -> found.size() >= expected, WAIT)) {
            assertTrue(r.serializedValueSize() < SMALL_EVENT_BYTES, r.serializedValueSize() + " bytes");
            runIds.add(r.key());
        }
        return runIds;
    }

    @Test
    void studyOfSevenThousandRunsIsPlannedInSmallPartsAndEveryRunRequested() throws Exception {
        String id = newStudyId("many");
        String yaml = manyRunsStudy(id, 35, 100);
        List<String> expected = plannedRunIds(yaml);
        assertEquals(7000, expected.size());

        post(yaml, id, 7000);

        StudyPlanned plan = planOf(id);
        assertEquals(expected, plan.runs().stream().map(StudyPlanned.PlannedRunSummary::runId).toList(),
                "the parts make up the whole plan, in plan order");
        assertEquals("ref", plan.referenceScale());
        assertEquals(Set.copyOf(expected), requestedRuns(id, 7000));
        assertEquals(7000, db.getCollection("runs").countDocuments(
                and(eq("study_id", id), eq("request_published", true))));
        given().when().get("/studies/" + id).then().statusCode(200)
                .body("planned_published", equalTo(true))
                .body("run_ids", hasSize(7000));
    }

    @Test
    void specOfTwoMegabytesIsPlanned() throws Exception {
        String id = newStudyId("selections");
        String yaml = selectionStudy(id, 20, 4000);
        int bytes = yaml.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes > 2_000_000 && bytes < 2_500_000, bytes + " bytes");
        List<String> expected = plannedRunIds(yaml);

        post(yaml, id, 40);

        StudyPlanned plan = planOf(id);
        assertEquals(expected, plan.runs().stream().map(StudyPlanned.PlannedRunSummary::runId).toList());
        assertEquals(Set.copyOf(expected), requestedRuns(id, 40));
        given().when().get("/studies/" + id).then().statusCode(200)
                .body("spec.distributions", hasSize(20))
                .body("spec.distributions[19].examples", hasSize(4000));
    }

    @Test
    void specOverTheSizeLimitIsAnswered413WithTheReasonAndNothingIsStored() {
        String id = newStudyId("huge");
        String yaml = selectionStudy(id, 85, 4000);
        int bytes = yaml.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes > 9_000_000 && bytes < 10_000_000, bytes + " bytes");

        given().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8))
                .when().post("/studies")
                .then().statusCode(413)
                .body("errors", hasSize(1))
                .body("errors[0].path", equalTo("$"))
                .body("errors[0].reason", containsString(bytes + " bytes, over trainer.max-spec-bytes=8388608"));
        given().when().get("/studies/" + id).then().statusCode(404);
        assertEquals(0, db.getCollection("runs").countDocuments(eq("study_id", id)));
    }
    @Test
    void selectionsTooLargeForOneTrainingRequestAreAnswered400AtTheirPaths() {
        String id = newStudyId("big-selections");
        String yaml = selectionStudy(id, 2, 60_000); // 1.3 MB of example ids in each distribution
        given().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8))
                .when().post("/studies")
                .then().statusCode(400)
                .body("errors.path", equalTo(List.of("distributions[0]", "distributions[1]")))
                .body("errors[0].reason", containsString("each training request of 'selection_0' would be about"))
                .body("errors[0].reason", containsString("split the selection into smaller distributions"));
        given().when().get("/studies/" + id).then().statusCode(404);
    }

    @Test
    void referenceToADocumentThisTrainerNeverStoredIsRejectedWithTheReason() throws Exception {
        String id = newStudyId("dangling");
        String sha = "0123456789abcdef".repeat(4);
        kafka.publish(new StudyRequestedByReference(id, sha, Instant.now(), "test"));
        StudyRejected rejected = EventJson.decode(EventType.STUDY_REJECTED, kafka.readUntil(Topics.STUDY_EVENTS,
                r -> id.equals(r.key()), found -> !found.isEmpty(), WAIT).get(0).value());
        assertEquals("$", rejected.errors().get(0).path());
        assertTrue(rejected.errors().get(0).reason().contains("(sha256 " + sha + ") that this trainer has not stored"),
                rejected.errors().toString());
        given().when().get("/studies/" + id).then().statusCode(404);
    }

    /**
     * Kafka may refuse an event for its size even when the producer's limit allows it (here the training-requests
     * topic takes records of 10,000 bytes at most): the study is rejected with the cause, its runs are withdrawn,
     * and the planner goes on with the next study instead of failing the same record again and again. (Each
     * request is larger than the producer's batch.size, 16 kB: Kafka's client splits a refused batch of several
     * records and sends it again, forever, when the split batch is the same as before.)
     */
    @Test
    void studyWhoseEventsKafkaRefusesIsRejectedWithTheCauseAndThePlannerGoesOn() throws Exception {
        String before = newStudyId("before-refusal");
        kafka.publishPlain(Topics.STUDIES, before, StudyIntakeOverKafkaTest.tinyStudy(before));
        assertEquals(4, requestedRuns(before, 4).size()); // the topic exists, with its usual limit

        String id = newStudyId("refused");
        String yaml = selectionStudy(id, 2, 1000); // training requests of about 22 kB each
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TRAINING_REQUESTS);
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                    new ConfigEntry("max.message.bytes", "10000"), AlterConfigOp.OpType.SET)))).all().get();
            try {
                kafka.publishPlain(Topics.STUDIES, id, yaml);
                ConsumerRecord<String, String> answer = kafka.readUntil(Topics.STUDY_EVENTS,
                        r -> id.equals(r.key()) && "study.rejected.v1".equals(KafkaProbe.header(r, "ce_type")),
                        found -> !found.isEmpty(), WAIT).get(0);
                StudyRejected rejected = EventJson.decode(EventType.STUDY_REJECTED, answer.value());
                String reason = rejected.errors().get(0).reason();
                assertTrue(reason.startsWith("the study was stored, but Kafka refused one of its events: "
                        + "training.requested.v1 training.requested:" + id + "-"), reason);
                assertTrue(reason.endsWith("was refused by Kafka: The request included a message larger than the max message size"
                        + " the server will accept."), reason);
            } finally {
                admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                        new ConfigEntry("max.message.bytes", ""), AlterConfigOp.OpType.DELETE)))).all().get();
            }
        }
        given().when().get("/studies/" + id).then().statusCode(200)
                .body("status", equalTo("rejected"))
                .body("rejection", containsString("Kafka refused"));
        assertEquals(0, db.getCollection("runs").countDocuments(and(eq("study_id", id), eq("status", "planned"))),
                "no run of the rejected study is left for a worker");
        assertEquals(4, db.getCollection("runs").countDocuments(and(eq("study_id", id), eq("status", "failed"),
                eq("request_published", false))));

        // The planner went on: the next study is planned; the refused one, sent again, is answered again.
        String after = newStudyId("after-refusal");
        kafka.publishPlain(Topics.STUDIES, after, StudyIntakeOverKafkaTest.tinyStudy(after));
        assertEquals(4, requestedRuns(after, 4).size());
        kafka.publishPlain(Topics.STUDIES, id, yaml);
        List<ConsumerRecord<String, String>> answers = kafka.readUntil(Topics.STUDY_EVENTS,
                r -> id.equals(r.key()) && "study.rejected.v1".equals(KafkaProbe.header(r, "ce_type")),
                found -> found.size() >= 2, WAIT);
        assertEquals(2, answers.size());
        assertTrue(answers.get(1).value().contains("was rejected earlier: the study was stored, but Kafka refused"),
                answers.get(1).value());
        assertEquals(0, kafka.readAll(Topics.TRAINING_REQUESTS, r -> r.key().startsWith(id + "-")).size());
    }
}
