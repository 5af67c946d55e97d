package org.smalltolarge.trainer;

import static com.mongodb.client.model.Filters.eq;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.bson.Document;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.Topics;
import org.smalltolarge.contracts.events.TrainingCompleted;
import org.smalltolarge.contracts.events.TrainingProgress;
import org.smalltolarge.lm.CheckpointRef;
import org.smalltolarge.lm.CheckpointStores;
import org.smalltolarge.lm.Checkpoints;
import org.smalltolarge.testsupport.KafkaProbe;

/**
 * What the tests of interrupted training share: a study whose reference runs last 400 steps (long enough to be
 * interrupted midway), trainer settings for quick checkpoints and take-overs, reading the trainer's events, and the
 * comparison of a resumed run with the same run trained without interruption.
 */
final class InterruptedRuns {
    static final Duration WAIT = Duration.ofMinutes(5);
    /** Optimizer steps of the reference scale: 409,600 tokens in steps of 16 x 64. */
    static final int REFERENCE_STEPS = 400;

    private InterruptedRuns() {
    }

    static String study(String id, Path corpus, long seed) {
        return FixtureStudies.fictionVersusSpeeches(id, corpus, "{d_model: 16, layers: 1, heads: 2, context: 32}", 8192,
                "{d_model: 64, layers: 2, heads: 4, context: 64}", 409600, seed, 0.005);
    }

    /** One single-thread slot, a checkpoint every 40 steps, progress every second, take-overs after 6 s. */
    static Map<String, String> trainerEnv(String bootstrap, String mongoUri) {
        return new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "QUARKUS_MONGODB_CONNECTION_STRING", mongoUri,
                "TRAINER_WORKERS", "1",
                "TRAINER_THREADS_PER_WORKER", "1",
                "TRAINER_CHECKPOINT_EVERY_STEPS", "40",
                "TRAINER_PROGRESS_INTERVAL", "1S",
                "TRAINER_STALE_CLAIM_AFTER", "6S",
                "TRAINER_HEARTBEAT_INTERVAL", "1S",
                "TRAINER_SCAN_INTERVAL", "2S"));
    }

    /** The first training.progress, of a run whose id matches {@code runKey}, that is {@code wanted}. */
    static TrainingProgress progress(KafkaProbe kafka, Predicate<String> runKey, Predicate<TrainingProgress> wanted,
            String awaited) {
        return kafka.readUntil(Topics.TRAINING_EVENTS,
                        r -> runKey.test(r.key()) && "training.progress.v1".equals(KafkaProbe.header(r, "ce_type")),
                        found -> found.stream().anyMatch(r -> wanted.test(decodeProgress(r.value()))), WAIT).stream()
                .map(r -> decodeProgress(r.value())).filter(wanted).findFirst()
                .orElseThrow(() -> new AssertionError("never seen: " + awaited));
    }

    /** A reference run of the study at or past {@code step}. */
    static TrainingProgress referenceRunPast(KafkaProbe kafka, String studyId, long step) {
        return progress(kafka, key -> key.startsWith(studyId + "-"),
                p -> p.totalSteps() == REFERENCE_STEPS && p.step() >= step,
                "a reference run of " + studyId + " past step " + step);
    }

    private static TrainingProgress decodeProgress(String value) {
        return EventJson.decode(EventType.TRAINING_PROGRESS, value);
    }

    static List<TrainingCompleted> completed(KafkaProbe kafka, String studyId, int expected) {
        return kafka.readUntil(Topics.TRAINING_EVENTS,
                        r -> r.key().startsWith(studyId + "-") && "training.completed.v1".equals(KafkaProbe.header(r, "ce_type")),
                        found -> found.size() >= expected, WAIT).stream()
                .map(r -> EventJson.<TrainingCompleted>decode(EventType.TRAINING_COMPLETED, r.value())).toList();
    }

    /**
     * The interrupted run's final parameters equal those of its twin in the uninterrupted study (same distribution,
     * scale, seed and data), bit for bit; both read as a consumer reads them (announced URI, verified).
     */
    static void assertSameAsUninterrupted(MongoCollection<Document> runs, String interrupted, String uninterruptedStudy,
            String how) throws Exception {
        Document run = runs.find(eq("_id", interrupted)).first();
        Document twin = runs.find(new Document("study_id", uninterruptedStudy)
                .append("distribution", run.getString("distribution"))
                .append("scale", run.getString("scale"))).first();
        Map<String, float[]> resumed = finalParameters(runs, interrupted);
        Map<String, float[]> calm = finalParameters(runs, twin.getString("_id"));
        assertEquals(calm.keySet(), resumed.keySet());
        calm.forEach((name, values) -> assertArrayEquals(values, resumed.get(name),
                name + " differs between the " + how + " and the uninterrupted run"));
        assertFalse(calm.isEmpty());
    }

    private static Map<String, float[]> finalParameters(MongoCollection<Document> runs, String runId) throws Exception {
        Document result = runs.find(eq("_id", runId)).first().get("result", Document.class);
        Path dir = CheckpointStores.forReading().fetchFinal(runId, new CheckpointRef(
                result.getString("checkpoint_uri"), result.getString("checkpoint_sha256")));
        return Checkpoints.load(dir).parameters();
    }
}
