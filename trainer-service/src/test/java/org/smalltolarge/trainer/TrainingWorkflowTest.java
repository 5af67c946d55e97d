package org.smalltolarge.trainer;

import static com.mongodb.client.model.Filters.eq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.contracts.events.TrainingProgress;
import org.smalltolarge.lm.CheckpointStore;
import org.smalltolarge.lm.Checkpoints;
import org.smalltolarge.lm.GptModel;
import org.smalltolarge.lm.ScoringExample;
import org.smalltolarge.lm.Scorer;
import org.smalltolarge.testsupport.KafkaAndMongoResource;
import org.smalltolarge.testsupport.KafkaProbe;

/**
 * A tiny study (2 distributions x 2 scales) published as an event is planned, trained by the workers of this
 * process on real text, and yields 4 training.completed events whose checkpoints load and score. Publishing the
 * study again trains nothing twice. Real broker, real MongoDB-protocol server.
 */
@Tag("slow") // trains, boots the service, needs Kafka and MongoDB
@QuarkusTest
@TestProfile(TrainingWorkflowTest.TwoWorkers.class)
@QuarkusTestResource(value = KafkaAndMongoResource.class, restrictToAnnotatedClass = false)
class TrainingWorkflowTest {
    static final Path CORPUS = FixtureStudies.copyCorpus();

    public static class TwoWorkers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                return Map.of("trainer.workers", "2",
                        "trainer.checkpoint-dir", Files.createTempDirectory("s2l-checkpoints").toString(),
                        "trainer.checkpoint-every-steps", "5",
                        "trainer.progress-interval", "1S",
                        "trainer.scan-interval", "2S");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    MongoClient mongo;

    @Inject
    CheckpointStore store;

    static String study(String id) {
        return FixtureStudies.fictionVersusSpeeches(id, CORPUS, "{d_model: 16, layers: 1, heads: 2, context: 32}", 16384,
                "{d_model: 32, layers: 2, heads: 2, context: 32}", 32768, 7, 0.01);
    }

    @Test
    void publishedStudyTrainsEveryRunOnceAndItsCheckpointsLoadAndScore() throws Exception {
        String id = "train-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaProbe kafka = new KafkaProbe(bootstrap)) {
            kafka.publishPlain(Topics.STUDIES, id, study(id));
            List<TrainingCompleted> completed = kafka.readUntil(Topics.TRAINING_EVENTS,
                            r -> r.key().startsWith(id + "-") && "training.completed.v1".equals(KafkaProbe.header(r, "ce_type")),
                            found -> found.size() >= 4, Duration.ofMinutes(4)).stream()
                    .map(r -> EventJson.<TrainingCompleted>decode(EventType.TRAINING_COMPLETED, r.value())).toList();
            assertEquals(4, completed.size(), "every planned run completes");
            assertEquals(4, completed.stream().map(TrainingCompleted::runId).distinct().count());

            for (TrainingCompleted c : completed) {
                Path checkpoint = store.fetch(c.checkpointUri());
                assertEquals(c.checkpointSha256(), sha256(checkpoint.resolve(Checkpoints.MANIFEST_FILE)));
                Checkpoints.Checkpoint loaded = Checkpoints.load(checkpoint);
                assertEquals(c.parameters(), loaded.state().config().parameters());
                assertEquals(c.tokens(), loaded.state().tokensSeen());
                try (var manager = ai.djl.ndarray.NDManager.newBaseManager();
                     GptModel model = GptModel.fromValues(loaded.state().config(), loaded.parameters(), manager)) {
                    int[] text = "Call me Ishmael. Some years ago".chars().toArray();
                    double nll = new Scorer(model, 4).score(List.of(ScoringExample.wholeSequence(text))).get(0).meanNll();
                    assertTrue(Double.isFinite(nll) && nll < Math.log(257), "scores real text better than uniform: " + nll);
                }
                // Training lowered the loss on real text well below a uniform byte model (ln 257 = 5.55 nats).
                assertTrue(c.finalTrainLoss() < Math.log(257) - 1, "train loss " + c.finalTrainLoss());
                assertTrue(c.validationLoss() < Math.log(257) - 1, "validation loss " + c.validationLoss());
                assertTrue(c.wallSeconds() > 0);
                assertEquals(6.0 * c.parameters() * c.tokens(), c.flops(), 1e-6 * c.flops());
            }

            // Every run reported progress up to its last step.
            Map<String, List<TrainingProgress>> progress = kafka.readAll(Topics.TRAINING_EVENTS,
                            r -> r.key().startsWith(id + "-") && "training.progress.v1".equals(KafkaProbe.header(r, "ce_type")))
                    .stream().map(r -> EventJson.<TrainingProgress>decode(EventType.TRAINING_PROGRESS, r.value()))
                    .collect(Collectors.groupingBy(TrainingProgress::runId));
            assertEquals(4, progress.size(), "every run reported progress");
            progress.forEach((run, events) -> assertEquals(100.0, events.get(events.size() - 1).percent(), 1e-9, run));

            // Every run is recorded as completed, on the device it used, after exactly one attempt.
            for (Document run : mongo.getDatabase("s2l").getCollection("runs").find(eq("study_id", id))) {
                assertEquals("completed", run.getString("status"), run.toJson());
                assertTrue(run.getString("device").startsWith("cpu"), run.getString("device"));
                assertEquals(1, run.getInteger("attempts"));
            }

            // The same study again: accepted as known, nothing is trained a second time.
            kafka.publishPlain(Topics.STUDIES, id, study(id));
            kafka.awaitGroupCaughtUp("s2l-trainer-planner", Topics.STUDIES, Duration.ofSeconds(60));
            Thread.sleep(3000); // longer than the workers' scan interval: time to (wrongly) claim something
            List<ConsumerRecord<String, String>> all = kafka.readAll(Topics.TRAINING_EVENTS,
                    r -> r.key().startsWith(id + "-") && "training.completed.v1".equals(KafkaProbe.header(r, "ce_type")));
            assertEquals(4, all.size(), "no run was trained twice");
            assertEquals(Set.of(1), mongo.getDatabase("s2l").getCollection("runs").find(eq("study_id", id))
                    .map(d -> d.getInteger("attempts")).into(new java.util.HashSet<>()));
        }
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file)));
    }
}
