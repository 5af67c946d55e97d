package org.smalltolarge.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.lm.CheckpointRef;
import org.smalltolarge.lm.CheckpointStores;
import org.smalltolarge.lm.Checkpoints;
import org.smalltolarge.objectstore.S3Client;
import org.smalltolarge.objectstore.S3Location;
import org.smalltolarge.objectstore.S3Settings;
import org.smalltolarge.objectstore.S3TestServer;
import org.smalltolarge.testsupport.KafkaAndMongoResource;
import org.smalltolarge.testsupport.KafkaProbe;

/**
 * The trainer with trainer.checkpoint-store-uri=s3://...: a study's runs are trained in a local working folder, every
 * checkpoint kept (the periodic ones too) is in the object store, and the announced checkpoints are s3:// URIs that
 * a consumer fetches and verifies as the run's final one. Real Kafka, MongoDB-protocol server and S3 server (S3Proxy).
 */
@Tag("slow") // trains, boots the service, needs Kafka, MongoDB and S3
@EnabledIfEnvironmentVariable(named = S3Settings.ENDPOINT_ENV, matches = ".+", disabledReason = S3TestServer.NO_SERVER)
@QuarkusTest
@TestProfile(S3CheckpointWorkflowTest.ObjectStore.class)
@QuarkusTestResource(value = KafkaAndMongoResource.class, restrictToAnnotatedClass = false)
class S3CheckpointWorkflowTest {
    static final Path CORPUS = FixtureStudies.copyCorpus();
    static String bucket;

    public static class ObjectStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            if (!S3Settings.configured(System::getenv)) { // the class is disabled then; its profile is still read
                return Map.of();
            }
            bucket = S3TestServer.freshBucket(new S3Client(S3Settings.fromEnvironment()), "trainer");
            try {
                return Map.of("trainer.workers", "2",
                        "trainer.checkpoint-store-uri", "s3://" + bucket + "/checkpoints",
                        "trainer.checkpoint-dir", Files.createTempDirectory("s2l-work").toString(),
                        "trainer.checkpoint-every-steps", "10",
                        "trainer.progress-interval", "1S",
                        "trainer.scan-interval", "2S");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void runsKeepEveryCheckpointInTheObjectStoreAndAnnounceS3Uris() throws Exception {
        String id = "s3-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaProbe kafka = new KafkaProbe(bootstrap)) {
            kafka.publishPlain(Topics.STUDIES, id, FixtureStudies.fictionVersusSpeeches(id, CORPUS,
                    "{d_model: 16, layers: 1, heads: 2, context: 32}", 16384,
                    "{d_model: 16, layers: 1, heads: 2, context: 32}", 16384, 7, 0.01));
            List<TrainingCompleted> completed = kafka.readUntil(Topics.TRAINING_EVENTS,
                            r -> r.key().startsWith(id + "-") && "training.completed.v1".equals(KafkaProbe.header(r, "ce_type")),
                            found -> found.size() >= 4, Duration.ofMinutes(4)).stream()
                    .map(r -> EventJson.<TrainingCompleted>decode(EventType.TRAINING_COMPLETED, r.value())).toList();
            assertEquals(4, completed.size(), "every planned run completes");

            S3Client client = new S3Client(S3Settings.fromEnvironment());
            for (TrainingCompleted c : completed) {
                String prefix = "s3://" + bucket + "/checkpoints/" + c.runId();
                assertEquals(prefix + "/step-000000032/", c.checkpointUri());
                // 16,384 tokens in steps of 16 x 32: periodic checkpoints at 10, 20, 30 and the last at 32
                assertEquals(List.of("step-000000010", "step-000000020", "step-000000030", "step-000000032"),
                        client.listFolders(S3Location.parse(prefix)).stream().sorted().toList());
                Path fetched = CheckpointStores.forReading().fetchFinal(c.runId(),
                        new CheckpointRef(c.checkpointUri(), c.checkpointSha256()));
                assertEquals(c.tokens(), Checkpoints.load(fetched).state().tokensSeen());
                assertTrue(fetched.getParent().getFileName().toString().equals(c.runId()), fetched.toString());
            }
        }
    }
}
