package org.smalltolarge.trainer;

import static com.mongodb.client.model.Filters.eq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.TrainingCompleted;
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
    @Test
    void runKilledOnOneNodeIsResumedOnAnotherFromTheStorePassingOverADamagedCheckpoint() throws Exception {
        String bootstrap = TestServers.kafkaBootstrap();
        String mongoUri = TestServers.mongoConnectionString();
        S3Client s3 = new S3Client(S3Settings.fromEnvironment());
        String bucket = S3TestServer.freshBucket(s3, "handover");
        String storeUri = "s3://" + bucket + "/checkpoints";
        Path corpus = FixtureStudies.copyCorpus();
        Path work = Files.createTempDirectory("s2l-handover");
        Map<String, String> env = InterruptedRuns.trainerEnv(bootstrap, mongoUri);
        env.put("TRAINER_CHECKPOINT_STORE_URI", storeUri);
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
                kafka.publishPlain(Topics.STUDIES, crashed, InterruptedRuns.study(crashed, corpus, 5));
                victim = InterruptedRuns.referenceRunPast(kafka, crashed, 90).runId();
                first.kill();
            }
            assertEquals("running", runs.find(eq("_id", victim)).first().getString("status"), "killed midway");
            S3Location runInStore = S3Location.parse(storeUri + "/" + victim);
            // complete uploads only: the kill may have cut the newest upload short (no manifest yet), which the
            // resume passes over as well
            List<String> stored = new java.util.ArrayList<>();
            for (String folder : s3.listFolders(runInStore).stream().sorted().toList()) {
                if (s3.head(runInStore.resolve(folder + "/manifest.json")).isPresent()) {
                    stored.add(folder);
                }
            }
            assertTrue(stored.size() >= 2 && stored.get(0).equals("step-000000040"),
                    "the periodic checkpoints were uploaded: " + stored);
            String newest = stored.get(stored.size() - 1);
            long previous = Long.parseLong(stored.get(stored.size() - 2).substring("step-".length()));
            // the newest one is damaged in the store after it was uploaded
            s3.putBytes(runInStore.resolve(newest + "/optimizer.safetensors"), new byte[] {1, 2, 3}, Map.of());

            try (TrainerProcess second = TrainerProcess.start(nodeB, work.resolve("second.log"))) {
                List<TrainingCompleted> done = InterruptedRuns.completed(kafka, crashed, 4);
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

                kafka.publishPlain(Topics.STUDIES, uninterrupted, InterruptedRuns.study(uninterrupted, corpus, 5));
                assertEquals(4, InterruptedRuns.completed(kafka, uninterrupted, 4).size());
            }
            InterruptedRuns.assertSameAsUninterrupted(runs, victim, uninterrupted, "run resumed on another node");
        }
    }
}
