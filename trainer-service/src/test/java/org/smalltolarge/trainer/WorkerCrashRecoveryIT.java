package org.smalltolarge.trainer;

import static com.mongodb.client.model.Filters.eq;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.contracts.events.TrainingProgress;
import org.smalltolarge.lm.Checkpoints;
import org.smalltolarge.testsupport.KafkaProbe;
import org.smalltolarge.testsupport.TestServers;

/**
 * kill -9 of a trainer process in the middle of a run: a restarted process finds the run's stale claim, takes
 * it over and resumes from the latest checkpoint instead of starting over. Then SIGTERM (an evicted pod, a reclaimed
 * spot node) of that process: it checkpoints at once and hands the run back, so a third process resumes it from
 * that checkpoint without a take-over. The run ends with parameters bit-identical to the same run trained without
 * interruption. Real broker, real MongoDB-protocol server, the packaged jar.
 */
class WorkerCrashRecoveryIT {
    private static final Duration WAIT = Duration.ofMinutes(5);

    static String study(String id, Path corpus) {
        return FixtureStudies.fictionVersusSpeeches(id, corpus, "{d_model: 16, layers: 1, heads: 2, context: 32}", 8192,
                "{d_model: 64, layers: 2, heads: 4, context: 64}", 409600, 3, 0.005);
    }

    @Test
    void killedThenTerminatedWorkerIsResumedFromItsCheckpointsAndEndsBitIdentical() throws Exception {
        String bootstrap = TestServers.kafkaBootstrap();
        String mongoUri = TestServers.mongoConnectionString();
        Path corpus = FixtureStudies.copyCorpus();
        Path work = Files.createTempDirectory("s2l-crash");
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "QUARKUS_MONGODB_CONNECTION_STRING", mongoUri,
                "TRAINER_WORKERS", "1",
                "TRAINER_THREADS_PER_WORKER", "1",
                "TRAINER_CHECKPOINT_DIR", work.resolve("checkpoints").toString(),
                "TRAINER_CHECKPOINT_EVERY_STEPS", "40",
                "TRAINER_PROGRESS_INTERVAL", "1S",
                "TRAINER_STALE_CLAIM_AFTER", "6S",
                "TRAINER_HEARTBEAT_INTERVAL", "1S",
                "TRAINER_SCAN_INTERVAL", "2S"));
        String crashed = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        String uninterrupted = "calm-" + UUID.randomUUID().toString().substring(0, 8);

        try (KafkaProbe kafka = new KafkaProbe(bootstrap); MongoClient mongo = MongoClients.create(mongoUri)) {
            MongoCollection<Document> runs = mongo.getDatabase("s2l").getCollection("runs");
            String victim;
            try (TrainerProcess first = TrainerProcess.start(env, work.resolve("first.log"))) {
                kafka.publishPlain(Topics.STUDIES, crashed, study(crashed, corpus));
                // Wait until the reference-scale run of one distribution is well past its first checkpoint.
                TrainingProgress midway = kafka.readUntil(Topics.TRAINING_EVENTS,
                                r -> r.key().startsWith(crashed + "-") && "training.progress.v1".equals(KafkaProbe.header(r, "ce_type")),
                                found -> found.stream().map(r -> EventJson.<TrainingProgress>decode(EventType.TRAINING_PROGRESS, r.value()))
                                        .anyMatch(p -> p.totalSteps() == 400 && p.step() >= 100), WAIT).stream()
                        .map(r -> EventJson.<TrainingProgress>decode(EventType.TRAINING_PROGRESS, r.value()))
                        .filter(p -> p.totalSteps() == 400 && p.step() >= 100).findFirst().orElseThrow(
                                () -> new AssertionError("the reference run never got past step 100"));
                victim = midway.runId();
                first.kill();
            }
            Document killed = runs.find(eq("_id", victim)).first();
            assertEquals("running", killed.getString("status"), "the dead worker's claim is still there");
            Path checkpoints = work.resolve("checkpoints").resolve(victim);
            assertTrue(Checkpoints.latest(checkpoints).isPresent(), "a checkpoint was written before the kill");
            long resumedFrom = Checkpoints.load(Checkpoints.latest(checkpoints).get()).state().step();

            long stoppedAfter;
            try (TrainerProcess second = TrainerProcess.start(env, work.resolve("second.log"))) {
                String secondWorker = "-" + second.pid() + "/";
                stoppedAfter = progress(kafka, victim, p -> p.worker().contains(secondWorker)
                        && p.step() >= resumedFrom + 40).step();
                assertTrue(second.terminate(Duration.ofSeconds(60)), "a SIGTERM'd trainer exits within its grace");
            }
            assertTrue(Files.readString(work.resolve("second.log")).contains("run " + victim + " resumes at step "
                    + resumedFrom), "resumed from the latest checkpoint, not restarted");
            Document handedBack = runs.find(eq("_id", victim)).first();
            assertEquals("planned", handedBack.getString("status"), "handed back at once, not left to go stale");
            assertFalse(handedBack.containsKey("worker"));
            long handedBackAt = Checkpoints.load(Checkpoints.latest(checkpoints).get()).state().step();
            assertTrue(handedBackAt >= stoppedAfter, "checkpointed when stopped: step " + handedBackAt
                    + ", progress had reached " + stoppedAfter);

            try (TrainerProcess third = TrainerProcess.start(env, work.resolve("third.log"))) {
                List<TrainingCompleted> done = completed(kafka, crashed, 4);
                assertEquals(4, done.size(), "every run of the study completes after a kill and a SIGTERM");
                Document resumed = runs.find(eq("_id", victim)).first();
                assertEquals("completed", resumed.getString("status"));
                assertEquals(3, resumed.getInteger("attempts"), "three workers had the run");
                assertEquals(1, resumed.getInteger("takeovers"), "the kill left a stale claim; the SIGTERM did not");
                assertTrue(Files.readString(work.resolve("third.log")).contains("run " + victim + " resumes at step "
                        + handedBackAt), "resumed from the checkpoint written on SIGTERM");

                // The same runs (same distribution, scale, seed, data) trained without interruption.
                kafka.publishPlain(Topics.STUDIES, uninterrupted, study(uninterrupted, corpus));
                assertEquals(4, completed(kafka, uninterrupted, 4).size());
            }
            Document victimRun = runs.find(eq("_id", victim)).first();
            Document twin = runs.find(new Document("study_id", uninterrupted)
                    .append("distribution", victimRun.getString("distribution"))
                    .append("scale", victimRun.getString("scale"))).first();
            Map<String, float[]> afterCrash = finalParameters(runs, victim);
            Map<String, float[]> calm = finalParameters(runs, twin.getString("_id"));
            assertEquals(calm.keySet(), afterCrash.keySet());
            calm.forEach((name, values) -> assertArrayEquals(values, afterCrash.get(name),
                    name + " differs between the resumed and the uninterrupted run"));
            assertFalse(calm.isEmpty());
        }
    }

    private static TrainingProgress progress(KafkaProbe kafka, String runId,
            java.util.function.Predicate<TrainingProgress> wanted) {
        return kafka.readUntil(Topics.TRAINING_EVENTS,
                        r -> runId.equals(r.key()) && "training.progress.v1".equals(KafkaProbe.header(r, "ce_type")),
                        found -> found.stream().anyMatch(r -> wanted.test(decodeProgress(r.value()))), WAIT).stream()
                .map(r -> decodeProgress(r.value())).filter(wanted).findFirst().orElseThrow(
                        () -> new AssertionError("run " + runId + " never reported the awaited progress"));
    }

    private static TrainingProgress decodeProgress(String value) {
        return EventJson.decode(EventType.TRAINING_PROGRESS, value);
    }

    private static List<TrainingCompleted> completed(KafkaProbe kafka, String studyId, int expected) {
        return kafka.readUntil(Topics.TRAINING_EVENTS,
                        r -> r.key().startsWith(studyId + "-") && "training.completed.v1".equals(KafkaProbe.header(r, "ce_type")),
                        found -> found.size() >= expected, WAIT).stream()
                .map(r -> EventJson.<TrainingCompleted>decode(EventType.TRAINING_COMPLETED, r.value())).toList();
    }

    private static Map<String, float[]> finalParameters(MongoCollection<Document> runs, String runId) throws Exception {
        Document result = runs.find(eq("_id", runId)).first().get("result", Document.class);
        return Checkpoints.load(Path.of(URI.create(result.getString("checkpoint_uri")))).parameters();
    }
}
