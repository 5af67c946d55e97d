package org.smalltolarge.trainer;

import static com.mongodb.client.model.Filters.eq;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.contracts.events.TrainingProgress;
import org.smalltolarge.lm.CheckpointRef;
import org.smalltolarge.lm.CheckpointStores;
import org.smalltolarge.lm.Checkpoints;
import org.smalltolarge.objectstore.S3Client;
import org.smalltolarge.objectstore.S3Location;
import org.smalltolarge.objectstore.S3Settings;
import org.smalltolarge.objectstore.S3TestServer;
import org.smalltolarge.testsupport.KafkaProbe;
import org.smalltolarge.testsupport.TestServers;

/**
 * Two trainer processes that share no folder (two nodes), with checkpoints in object storage (a real S3 server,
 * S3Proxy in CI): the first is killed with {@code kill -9} mid-run; the newest checkpoint it uploaded is then damaged
 * in the store; the second, on its own empty local folder, takes the run over, passes the damaged checkpoint over
 * (noted in the run's history), downloads the older intact one, resumes from it and ends with parameters
 * bit-identical to the same run trained without interruption.
 */
@EnabledIfEnvironmentVariable(named = S3Settings.ENDPOINT_ENV, matches = ".+", disabledReason = S3TestServer.NO_SERVER)
class S3WorkerHandoverIT {
    private static final Duration WAIT = Duration.ofMinutes(5);

    static String study(String id, Path corpus) {
        // the reference scale: 409,600 tokens in steps of 16 x 64 = 400 steps (long enough to be killed midway),
        // checkpoints every 40
        return FixtureStudies.fictionVersusSpeeches(id, corpus, "{d_model: 16, layers: 1, heads: 2, context: 32}", 8192,
                "{d_model: 64, layers: 2, heads: 4, context: 64}", 409600, 5, 0.005);
    }

    @Test
    void runKilledOnOneNodeIsResumedOnAnotherFromTheStorePassingOverADamagedCheckpoint() throws Exception {
        String bootstrap = TestServers.kafkaBootstrap();
        String mongoUri = TestServers.mongoConnectionString();
        S3Client s3 = new S3Client(S3Settings.fromEnvironment());
        String bucket = S3TestServer.freshBucket(s3, "handover");
        String storeUri = "s3://" + bucket + "/checkpoints";
        Path corpus = FixtureStudies.copyCorpus();
        Path work = Files.createTempDirectory("s2l-handover");
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "QUARKUS_MONGODB_CONNECTION_STRING", mongoUri,
                "TRAINER_WORKERS", "1",
                "TRAINER_THREADS_PER_WORKER", "1",
                "TRAINER_CHECKPOINT_STORE_URI", storeUri,
                "TRAINER_CHECKPOINT_EVERY_STEPS", "40",
                "TRAINER_PROGRESS_INTERVAL", "1S",
                "TRAINER_STALE_CLAIM_AFTER", "6S",
                "TRAINER_HEARTBEAT_INTERVAL", "1S",
                "TRAINER_SCAN_INTERVAL", "2S"));
        Map<String, String> nodeA = new HashMap<>(env);
        nodeA.put("TRAINER_CHECKPOINT_DIR", work.resolve("node-a").toString());
        Map<String, String> nodeB = new HashMap<>(env);
        nodeB.put("TRAINER_CHECKPOINT_DIR", work.resolve("node-b").toString());
        String crashed = "s3crash-" + UUID.randomUUID().toString().substring(0, 8);
        String uninterrupted = "s3calm-" + UUID.randomUUID().toString().substring(0, 8);

        try (KafkaProbe kafka = new KafkaProbe(bootstrap); MongoClient mongo = MongoClients.create(mongoUri)) {
            MongoCollection<Document> runs = mongo.getDatabase("s2l").getCollection("runs");
            String victim;
            try (TrainerProcess first = TrainerProcess.start(nodeA, work.resolve("first.log"))) {
                kafka.publishPlain(Topics.STUDIES, crashed, study(crashed, corpus));
                victim = kafka.readUntil(Topics.TRAINING_EVENTS,
                                r -> r.key().startsWith(crashed + "-") && "training.progress.v1".equals(KafkaProbe.header(r, "ce_type")),
                                found -> found.stream().map(r -> progress(r.value()))
                                        .anyMatch(p -> p.totalSteps() == 400 && p.step() >= 90), WAIT).stream()
                        .map(r -> progress(r.value())).filter(p -> p.totalSteps() == 400 && p.step() >= 90)
                        .findFirst().orElseThrow(() -> new AssertionError("the reference run never got past step 90"))
                        .runId();
                first.kill();
            }
            assertEquals("running", runs.find(eq("_id", victim)).first().getString("status"), "killed midway");
            S3Location runInStore = S3Location.parse(storeUri + "/" + victim);
            List<String> stored = s3.listFolders(runInStore).stream().sorted().toList();
            assertTrue(stored.size() >= 2 && stored.get(0).equals("step-000000040"),
                    "the periodic checkpoints were uploaded: " + stored);
            String newest = stored.get(stored.size() - 1);
            long previous = Long.parseLong(stored.get(stored.size() - 2).substring("step-".length()));
            // the newest one is damaged in the store after it was uploaded
            s3.putBytes(runInStore.resolve(newest + "/optimizer.safetensors"), new byte[] {1, 2, 3}, Map.of());

            try (TrainerProcess second = TrainerProcess.start(nodeB, work.resolve("second.log"))) {
                List<TrainingCompleted> done = completed(kafka, crashed, 4);
                assertEquals(4, done.size(), "every run of the study completes after the kill");
                String log = Files.readString(work.resolve("second.log"));
                assertTrue(log.contains("run " + victim + " resumes at step " + previous),
                        "resumed on the other node from the older intact checkpoint in the store");
                Document run = runs.find(eq("_id", victim)).first();
                assertEquals("completed", run.getString("status"));
                String history = run.toJson();
                assertTrue(history.contains(newest + " in the store is unusable")
                        && history.contains("optimizer.safetensors") && history.contains("passed over"), history);
                assertTrue(history.contains(String.format("step-%09d fetched from ", previous) + storeUri + "/"
                        + victim), history);

                kafka.publishPlain(Topics.STUDIES, uninterrupted, study(uninterrupted, corpus));
                assertEquals(4, completed(kafka, uninterrupted, 4).size());
            }
            Document victimRun = runs.find(eq("_id", victim)).first();
            Document twin = runs.find(new Document("study_id", uninterrupted)
                    .append("distribution", victimRun.getString("distribution"))
                    .append("scale", victimRun.getString("scale"))).first();
            Map<String, float[]> afterHandover = finalParameters(runs, victim);
            Map<String, float[]> calm = finalParameters(runs, twin.getString("_id"));
            assertEquals(calm.keySet(), afterHandover.keySet());
            calm.forEach((name, values) -> assertArrayEquals(values, afterHandover.get(name),
                    name + " differs between the run resumed on another node and the uninterrupted run"));
            assertFalse(calm.isEmpty());
        }
    }

    private static TrainingProgress progress(String value) {
        return EventJson.decode(EventType.TRAINING_PROGRESS, value);
    }

    private static List<TrainingCompleted> completed(KafkaProbe kafka, String studyId, int expected) {
        return kafka.readUntil(Topics.TRAINING_EVENTS,
                        r -> r.key().startsWith(studyId + "-") && "training.completed.v1".equals(KafkaProbe.header(r, "ce_type")),
                        found -> found.size() >= expected, WAIT).stream()
                .map(r -> EventJson.<TrainingCompleted>decode(EventType.TRAINING_COMPLETED, r.value())).toList();
    }

    /** The run's announced s3:// checkpoint, fetched and verified as a consumer does. */
    private static Map<String, float[]> finalParameters(MongoCollection<Document> runs, String runId) throws Exception {
        Document result = runs.find(eq("_id", runId)).first().get("result", Document.class);
        Path dir = CheckpointStores.forReading().fetchFinal(runId, new CheckpointRef(
                result.getString("checkpoint_uri"), result.getString("checkpoint_sha256")));
        return Checkpoints.load(dir).parameters();
    }
}
