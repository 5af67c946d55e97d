package org.smalltolarge.trainer;

import static com.mongodb.client.model.Filters.eq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.TrainingCompleted;
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

    @Test
    void killedThenTerminatedWorkerIsResumedFromItsCheckpointsAndEndsBitIdentical() throws Exception {
        String bootstrap = TestServers.kafkaBootstrap();
        String mongoUri = TestServers.mongoConnectionString();
        Path corpus = FixtureStudies.copyCorpus();
        Path work = Files.createTempDirectory("s2l-crash");
        Map<String, String> env = InterruptedRuns.trainerEnv(bootstrap, mongoUri);
        env.put("TRAINER_CHECKPOINT_DIR", work.resolve("checkpoints").toString());
        String crashed = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        String uninterrupted = "calm-" + UUID.randomUUID().toString().substring(0, 8);

        try (KafkaProbe kafka = new KafkaProbe(bootstrap); MongoClient mongo = MongoClients.create(mongoUri)) {
            MongoCollection<Document> runs = mongo.getDatabase("s2l").getCollection("runs");
            String victim;
            try (TrainerProcess first = TrainerProcess.start(env, work.resolve("first.log"))) {
                kafka.publishPlain(Topics.STUDIES, crashed, InterruptedRuns.study(crashed, corpus, 3));
                // a reference-scale run well past its first checkpoint
                victim = InterruptedRuns.referenceRunPast(kafka, crashed, 100).runId();
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
                stoppedAfter = InterruptedRuns.progress(kafka, victim::equals,
                        p -> p.worker().contains(secondWorker) && p.step() >= resumedFrom + 40,
                        "run " + victim + " 40 steps past its resume").step();
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
                List<TrainingCompleted> done = InterruptedRuns.completed(kafka, crashed, 4);
                assertEquals(4, done.size(), "every run of the study completes after a kill and a SIGTERM");
                Document resumed = runs.find(eq("_id", victim)).first();
                assertEquals("completed", resumed.getString("status"));
                assertEquals(3, resumed.getInteger("attempts"), "three workers had the run");
                assertEquals(1, resumed.getInteger("takeovers"), "the kill left a stale claim; the SIGTERM did not");
                assertTrue(Files.readString(work.resolve("third.log")).contains("run " + victim + " resumes at step "
                        + handedBackAt), "resumed from the checkpoint written on SIGTERM");

                // The same runs (same distribution, scale, seed, data) trained without interruption.
                kafka.publishPlain(Topics.STUDIES, uninterrupted, InterruptedRuns.study(uninterrupted, corpus, 3));
                assertEquals(4, InterruptedRuns.completed(kafka, uninterrupted, 4).size());
            }
            InterruptedRuns.assertSameAsUninterrupted(runs, victim, uninterrupted, "run resumed twice");
        }
    }
}
