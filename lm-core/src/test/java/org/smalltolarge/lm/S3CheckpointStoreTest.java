package org.smalltolarge.lm;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.smalltolarge.objectstore.S3Client;
import org.smalltolarge.objectstore.S3Location;
import org.smalltolarge.objectstore.S3Settings;
import org.smalltolarge.objectstore.S3TestServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The S3 checkpoint store against a real S3 server (S3Proxy started by infra/servers.sh in CI): publish, fetch and
 * verify; refusals; a run continued by a second worker (another local folder, as on another node) from the uploaded
 * periodic checkpoint ends bit-identical to an uninterrupted run, also when the newest checkpoint in the store is
 * damaged.
 */
@Tag("slow") // needs an S3 server, trains a model
@EnabledIfEnvironmentVariable(named = S3Settings.ENDPOINT_ENV, matches = ".+", disabledReason = S3TestServer.NO_SERVER)
class S3CheckpointStoreTest {
    private static final GptConfig CONFIG = GptConfig.bytes(16, 16, 1, 2);
    private static final Hyperparameters HYPERPARAMETERS = Hyperparameters.builder().batchSize(4)
            .learningRate(3e-3, 3e-4, 3).seed(11).build();
    private static final RuntimeSettings RUNTIME = RuntimeSettings.builder().threads(1).device("cpu")
            .checkpointEvery(10).build();
    private static final long BUDGET = 30L * 4 * 16; // 30 steps: periodic checkpoints at 10 and 20, the last at 30
    private static final TrainingWindows DATA = TextFixtures.trainingWindows(CONFIG.context(), 9);

    private static S3Client client;
    private static String bucket;
    private static Map<String, String> env;
    private static Map<String, float[]> uninterrupted;

    @BeforeAll
    static void serverAndReference() throws IOException {
        S3Settings settings = S3TestServer.settingsOrSkip();
        client = new S3Client(settings);
        bucket = S3TestServer.freshBucket(client, "checkpoints");
        env = new HashMap<>();
        env.put(S3Settings.ENDPOINT_ENV, settings.endpoint().toString());
        env.put(S3Settings.ACCESS_KEY_ENV, settings.accessKey());
        env.put(S3Settings.SECRET_KEY_ENV, settings.secretKey());
        try (Trainer trainer = Trainer.start(CONFIG, HYPERPARAMETERS, RUNTIME, BUDGET, Map.of())) {
            trainer.train(DATA, ProgressListener.NONE, null, () -> false);
            uninterrupted = trainer.model().parameterValues();
        }
    }

    @Test
    void publishedCheckpointIsFetchedIntoTheCacheAndVerified(@TempDir Path work, @TempDir Path cache)
            throws IOException {
        CheckpointStore store = CheckpointStores.forTraining("s3://" + bucket + "/round-trip", work, env::get);
        Path last = trainToEnd(store, "run-1", store.workingDirectory("run-1"));
        String uri = store.publish("run-1", last);
        assertEquals("s3://" + bucket + "/round-trip/run-1/step-000000030/", uri);
        assertEquals(List.of("step-000000010", "step-000000020", "step-000000030"),
                client.listFolders(S3Location.parse("s3://" + bucket + "/round-trip/run-1")).stream().sorted().toList(),
                "every checkpoint the worker kept is in the store");

        CheckpointStore reader = CheckpointStores.forReading(withCache(cache));
        CheckpointRef ref = new CheckpointRef(uri, Checkpoints.digest(last));
        Path fetched = reader.fetchFinal("run-1", ref);
        assertEquals(cache.resolve(bucket + "/round-trip/run-1/step-000000030"), fetched);
        for (String file : List.of(Checkpoints.MODEL_FILE, Checkpoints.OPTIMIZER_FILE, Checkpoints.STATE_FILE,
                Checkpoints.MANIFEST_FILE)) {
            assertArrayEquals(Files.readAllBytes(last.resolve(file)), Files.readAllBytes(fetched.resolve(file)), file);
        }
        assertBitIdentical(Checkpoints.load(fetched).parameters());
        assertEquals(fetched, reader.fetchVerified(ref), "a verified cache is used again");
        reader.release(fetched);
        assertTrue(!Files.exists(fetched), "a released copy leaves the cache");
        reader.release(last);
        assertTrue(Files.isDirectory(last), "release touches nothing outside the cache");
        assertEquals(fetched, reader.fetchFinal("run-1", ref), "fetched again after a release");

        String mismatch = refusal(reader, "run-1", new CheckpointRef(uri, "ab".repeat(32)));
        assertTrue(mismatch.contains("sha256 mismatch") && mismatch.contains(ref.manifestSha256())
                && mismatch.contains("ab".repeat(32)) && mismatch.contains(uri + "manifest.json"), mismatch);
        String otherRun = refusal(reader, "run-2", ref);
        assertTrue(otherRun.contains("not a checkpoint of run 'run-2'"), otherRun);
        Path middle = store.workingDirectory("run-1").resolve("step-000000020");
        String early = refusal(reader, "run-1", new CheckpointRef(uri.replace("30/", "20/"),
                Checkpoints.digest(middle)));
        assertTrue(early.contains("is step 20 of 30") && early.contains("not its final checkpoint"), early);
        String nothing = refusal(reader, "run-1", new CheckpointRef(uri.replace("30/", "99/"), ref.manifestSha256()));
        assertTrue(nothing.contains("no checkpoint at s3://" + bucket + "/round-trip/run-1/step-000000099"), nothing);
        String climbing = refusal(reader, "run-1", new CheckpointRef("s3://" + bucket + "/x/../run-1/step-000000030",
                ref.manifestSha256()));
        assertTrue(climbing.contains("is not usable") && climbing.contains("'..'"), climbing);

        // a file replaced in the store after the announcement: a fresh consumer refuses it, naming the file
        client.putBytes(S3Location.parse(uri + "model.safetensors"), new byte[] {1, 2, 3}, Map.of());
        String damaged = assertThrows(CheckpointException.class, () -> CheckpointStores.forReading(
                withCache(cache.resolve("fresh"))).fetchFinal("run-1", ref)).getMessage();
        assertTrue(damaged.contains(uri) && damaged.contains("damaged in the store")
                && damaged.contains("model.safetensors"), damaged);
        try (Stream<Path> left = Files.walk(cache.resolve("fresh"))) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("step-")),
                    "nothing damaged is left in the cache under a checkpoint's name");
        }

        String noEndpoint = refusal(CheckpointStores.forReading(Map.<String, String>of()::get), "run-1", ref);
        assertTrue(noEndpoint.contains(uri) && noEndpoint.contains("S2L_S3_ENDPOINT is not set"), noEndpoint);
    }

    @Test
    void runResumedByASecondWorkerFromTheUploadedPeriodicCheckpointEndsBitIdentical(@TempDir Path nodeA,
                                                                                    @TempDir Path nodeB)
            throws IOException {
        String root = "s3://" + bucket + "/resume";
        CheckpointStore first = CheckpointStores.forTraining(root, nodeA, env::get);
        crashAfter(17, first, "run-r");
        assertEquals(List.of("step-000000010"), client.listFolders(S3Location.parse(root + "/run-r")));

        CheckpointStore second = CheckpointStores.forTraining(root, nodeB, env::get);
        List<String> notes = new ArrayList<>();
        Path dir = second.restore("run-r", notes::add);
        assertEquals(nodeB.resolve("run-r"), dir);
        assertEquals(List.of(dir.resolve("step-000000010")), Checkpoints.newestFirst(dir));
        assertTrue(notes.size() == 1 && notes.get(0).contains("fetched from " + root + "/run-r/step-000000010"),
                notes.toString());

        Path last = resumeToEnd(second, "run-r", dir);
        String uri = second.publish("run-r", last);
        Path fetched = CheckpointStores.forReading(withCache(nodeB.resolve("cache")))
                .fetchFinal("run-r", new CheckpointRef(uri, Checkpoints.digest(last)));
        assertBitIdentical(Checkpoints.load(fetched).parameters());
    }

    @Test
    void damagedNewestCheckpointInTheStoreIsPassedOverAndNoted(@TempDir Path nodeA, @TempDir Path nodeB)
            throws IOException {
        String root = "s3://" + bucket + "/damaged";
        crashAfter(25, CheckpointStores.forTraining(root, nodeA, env::get), "run-d");
        client.putBytes(S3Location.parse(root + "/run-d/step-000000020/optimizer.safetensors"), new byte[] {7},
                Map.of());
        // an upload that stopped before its manifest
        client.putBytes(S3Location.parse(root + "/run-d/step-000000030/model.safetensors"), new byte[] {7}, Map.of());

        CheckpointStore second = CheckpointStores.forTraining(root, nodeB, env::get);
        List<String> notes = new ArrayList<>();
        Path dir = second.restore("run-d", notes::add);
        assertEquals(3, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("step-000000030") && notes.get(0).contains("manifest.json is missing")
                && notes.get(0).contains("passed over"), notes.get(0));
        assertTrue(notes.get(1).contains("step-000000020") && notes.get(1).contains("optimizer.safetensors")
                && notes.get(1).contains("damaged") && notes.get(1).contains("passed over"), notes.get(1));
        assertTrue(notes.get(2).contains("step-000000010 fetched"), notes.get(2));
        try (Stream<Path> entries = Files.list(dir)) {
            assertEquals(List.of("step-000000010"), entries.map(p -> p.getFileName().toString()).toList(),
                    "only the intact checkpoint, no half-fetched folder");
        }

        Path last = resumeToEnd(second, "run-d", dir);
        assertBitIdentical(Checkpoints.load(last).parameters());
        // the damaged step was uploaded again as it came by, intact this time
        Path again = CheckpointStores.forReading(withCache(nodeB.resolve("cache")))
                .fetch(root + "/run-d/step-000000020/");
        Checkpoints.verify(again);
    }

    /** Trains from scratch and publishes every checkpoint as the worker does; returns the last one. */
    private static Path trainToEnd(CheckpointStore store, String runId, Path dir) throws IOException {
        try (Trainer trainer = Trainer.start(CONFIG, HYPERPARAMETERS, RUNTIME, BUDGET, Map.of())) {
            trainer.train(DATA, uploading(store, runId, p -> { }), dir, () -> false);
        }
        return Checkpoints.latest(dir).orElseThrow();
    }

    private static Path resumeToEnd(CheckpointStore store, String runId, Path dir) throws IOException {
        try (Trainer trainer = Trainer.resume(Checkpoints.latest(dir).orElseThrow(), RUNTIME)) {
            TrainingState end = trainer.train(DATA, uploading(store, runId, p -> { }), dir, () -> false);
            assertEquals(30, end.step());
            assertBitIdentical(trainer.model().parameterValues());
        }
        return Checkpoints.latest(dir).orElseThrow();
    }

    /** A worker killed after {@code step}: no checkpoint at the stop, only the periodic ones it uploaded. */
    private static void crashAfter(long step, CheckpointStore store, String runId) throws IOException {
        Path dir = store.workingDirectory(runId);
        try (Trainer trainer = Trainer.start(CONFIG, HYPERPARAMETERS, RUNTIME, BUDGET, Map.of())) {
            assertThrows(Killed.class, () -> trainer.train(DATA, uploading(store, runId, p -> {
                if (p.step() == step) {
                    throw new Killed();
                }
            }), dir, () -> false));
        }
    }

    private static final class Killed extends RuntimeException {
    }

    private static ProgressListener uploading(CheckpointStore store, String runId, ProgressListener progress) {
        return new ProgressListener() {
            @Override
            public void onProgress(TrainingProgress p) {
                progress.onProgress(p);
            }

            @Override
            public void onCheckpoint(Path directory, TrainingState state) {
                try {
                    store.publish(runId, directory);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
    }

    private static Function<String, String> withCache(Path cache) {
        Map<String, String> withCache = new HashMap<>(env);
        withCache.put(CheckpointStores.CACHE_DIR_ENV, cache.toString());
        return withCache::get;
    }

    private static String refusal(CheckpointStore reader, String runId, CheckpointRef ref) {
        return assertThrows(CheckpointException.class, () -> reader.fetchFinal(runId, ref)).getMessage();
    }

    private static void assertBitIdentical(Map<String, float[]> actual) {
        for (String name : uninterrupted.keySet()) {
            float[] e = uninterrupted.get(name);
            float[] a = actual.get(name);
            assertEquals(e.length, a.length, name);
            for (int i = 0; i < e.length; i++) {
                if (Float.floatToRawIntBits(e[i]) != Float.floatToRawIntBits(a[i])) {
                    throw new AssertionError(name + "[" + i + "] differs: " + e[i] + " vs " + a[i]);
                }
            }
        }
    }
}
