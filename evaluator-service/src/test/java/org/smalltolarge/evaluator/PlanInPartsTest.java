package org.smalltolarge.evaluator;

import static com.mongodb.client.model.Filters.eq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.StudyPlanned;
import org.smalltolarge.contracts.events.StudyPlannedPart;
import org.smalltolarge.testsupport.KafkaAndMongoResource;
import org.smalltolarge.testsupport.KafkaProbe;

/**
 * Plans that travel in parts (study.planned.v2), over the real broker and MongoDB-protocol server, with no worker
 * (nothing is scored here): the evaluator knows a study's plan only once every part is stored, whatever the order
 * and however often parts arrive, and then it is the plan the parts make up.
 */
@Tag("slow") // boots the service, needs Kafka and MongoDB
@QuarkusTest
@QuarkusTestResource(value = KafkaAndMongoResource.class, restrictToAnnotatedClass = false)
class PlanInPartsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    MongoClient mongo;

    private final List<String> studyIds = new ArrayList<>();

    @AfterEach
    void removeStudies() {
        eval("eval_studies").deleteMany(com.mongodb.client.model.Filters.in("_id", studyIds));
        eval("eval_plan_parts").deleteMany(com.mongodb.client.model.Filters.in("study_id", studyIds));
    }

    private MongoCollection<Document> eval(String name) {
        return mongo.getDatabase("s2l").getCollection(name);
    }

    private String newStudyId(String prefix) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        studyIds.add(id);
        return id;
    }

    /** A usable plan of {@code distributions} x 3 proxy scales + the reference, in plan order. */
    static StudyPlanned plan(String studyId, int distributions) {
        List<StudyPlanned.PlannedRunSummary> runs = new ArrayList<>();
        for (int d = 0; d < distributions; d++) {
            for (String scale : List.of("xs", "s", "m", "ref")) {
                long params = switch (scale) {
                    case "xs" -> 10_000;
                    case "s" -> 40_000;
                    case "m" -> 160_000;
                    default -> 640_000;
                };
                runs.add(new StudyPlanned.PlannedRunSummary("%s-%016x".formatted(studyId, runs.size()),
                        "distribution_number_" + d, scale, 0, scale.equals("ref") ? "reference" : "proxy", params,
                        20 * params, 120.0 * params * params));
            }
        }
        return new StudyPlanned(studyId, "c0ffee".repeat(10) + "beef", "ref", List.of("heldout", "capitals"), 100,
                runs, Instant.parse("2026-12-01T08:00:00Z"));
    }

    private void awaitPlansRead(KafkaProbe kafka) throws Exception {
        kafka.awaitGroupCaughtUp("s2l-evaluator-plans", Topics.STUDY_EVENTS, WAIT);
    }

    @Test
    void planIsKnownOnlyOnceEveryPartIsHereWhateverTheOrderAndRedeliveries() throws Exception {
        String id = newStudyId("parts");
        StudyPlanned plan = plan(id, 500); // 2,000 runs
        List<StudyPlannedPart> parts = StudyPlannedPart.split(plan, 32 * 1024);
        int n = parts.size();
        assertTrue(n >= 4, n + " parts");
        try (KafkaProbe kafka = new KafkaProbe(bootstrap)) {
            // The last part first, then the first one twice: the plan is still incomplete.
            kafka.publish(parts.get(n - 1));
            kafka.publish(parts.get(0));
            kafka.publish(parts.get(0));
            awaitPlansRead(kafka);
            assertNull(eval("eval_studies").find(eq("_id", id)).first(), "no plan while parts are missing");
            assertEquals(2, eval("eval_plan_parts").countDocuments(eq("study_id", id)), "each part kept once");

            for (int i = n - 2; i >= 1; i--) { // the rest, backwards
                kafka.publish(parts.get(i));
            }
            awaitPlansRead(kafka);
            Document study = eval("eval_studies").find(eq("_id", id)).first();
            assertNotNull(study, "every part is here: the plan is known");
            assertEquals(plan.runs().stream().map(StudyPlanned.PlannedRunSummary::runId).toList(),
                    study.getList("runs", Document.class).stream().map(r -> r.getString("run_id")).toList(),
                    "the runs of all parts, in plan order");
            assertEquals("ref", study.getString("reference_scale"));
            assertEquals(plan.suites(), study.getList("suites", String.class));
            assertEquals(plan.specSha256(), study.getString("spec_sha256"));

            // Every part delivered again: nothing changes.
            for (StudyPlannedPart part : parts) {
                kafka.publish(part);
            }
            awaitPlansRead(kafka);
            assertEquals(study, eval("eval_studies").find(eq("_id", id)).first());
            assertEquals(0, eval("eval_plan_parts").countDocuments(eq("study_id", id)),
                    "parts are forgotten once the plan is kept, and parts of a kept plan are not stored again");
        }
    }

    @Test
    void partsThatDoNotMakeUpOnePlanAreDeadLetteredWithTheReason() throws Exception {
        String id = newStudyId("mismatched");
        List<StudyPlannedPart> parts = StudyPlannedPart.split(plan(id, 100), 16 * 1024);
        StudyPlannedPart second = parts.get(1);
        StudyPlannedPart otherReference = new StudyPlannedPart(id, second.specSha256(), second.part(), second.parts(),
                "m", second.suites(), second.maxItemsPerSuite(), second.runs(), second.plannedAt());
        try (KafkaProbe kafka = new KafkaProbe(bootstrap)) {
            for (int i = 0; i < parts.size(); i++) {
                kafka.publish(i == 1 ? otherReference : parts.get(i));
            }
            List<ConsumerRecord<String, String>> dead = kafka.readUntil(Topics.DEAD_LETTER_PREFIX + "evaluator",
                    r -> id.equals(r.key()), found -> !found.isEmpty(), WAIT);
            assertEquals(1, dead.size());
            String reason = KafkaProbe.header(dead.get(0), "dead-letter-reason");
            assertTrue(reason.contains("unusable plan: study " + id + ": parts ")
                    && reason.contains("disagree on reference_scale"), reason);
            awaitPlansRead(kafka);
            assertNull(eval("eval_studies").find(eq("_id", id)).first(), "no plan from parts that disagree");
        }
    }
}
