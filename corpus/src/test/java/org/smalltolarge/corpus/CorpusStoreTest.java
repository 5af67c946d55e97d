package org.smalltolarge.corpus;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.smalltolarge.objectstore.S3Client;
import org.smalltolarge.objectstore.S3Location;
import org.smalltolarge.objectstore.S3Settings;
import org.smalltolarge.objectstore.S3TestServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The corpus through object storage against a real S3 server (S3Proxy from infra/servers.sh in CI): a built corpus
 * uploaded, fetched into a pod's folder and verified against its manifest, kept on a restart, opened through
 * {@link Corpora} with S2L_CORPUS_URI; a damaged file in the store or in the folder to upload is refused by name.
 */
@Tag("slow") // needs an S3 server
@EnabledIfEnvironmentVariable(named = S3Settings.ENDPOINT_ENV, matches = ".+", disabledReason = S3TestServer.NO_SERVER)
class CorpusStoreTest {
    private static S3Client client;
    private static String bucket;
    private static Map<String, String> env;
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path tmp;

    @BeforeAll
    static void server() {
        S3Settings settings = S3TestServer.settingsOrSkip();
        client = new S3Client(settings);
        bucket = S3TestServer.freshBucket(client, "corpus");
        env = new HashMap<>();
        env.put(S3Settings.ENDPOINT_ENV, settings.endpoint().toString());
        env.put(S3Settings.ACCESS_KEY_ENV, settings.accessKey());
        env.put(S3Settings.SECRET_KEY_ENV, settings.secretKey());
    }

    @Test
    void uploadedCorpusIsFetchedVerifiedOpensAndIsKeptOnARestart() throws IOException {
        Path built = builtCorpus(tmp.resolve("built"));
        CorpusStore store = CorpusStore.at("s3://" + bucket + "/round-trip", env::get);
        CorpusStore.Transfer up = store.upload(built, QUIET);
        assertEquals(up.files(), up.transferred());
        assertEquals(0, store.upload(built, QUIET).transferred(), "a second upload sends nothing new");

        Path pod = tmp.resolve("pod");
        CorpusStore.Transfer down = store.fetch(pod, QUIET);
        assertEquals(up.files(), down.transferred());
        for (String file : filesOf(built)) {
            assertArrayEquals(Files.readAllBytes(built.resolve(file)), Files.readAllBytes(pod.resolve(file)), file);
        }
        assertEquals(Set.of("alpha", "beta"), Corpus.open(pod).domains());
        assertEquals(Corpus.open(built).fingerprint(), Corpus.open(pod).fingerprint());

        assertEquals(0, store.fetch(pod, QUIET).transferred(), "a verified folder is kept on a restart");
        Files.delete(pod.resolve("tokens/alpha.train.bin"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertEquals(1, store.fetch(pod, new PrintStream(log, true, StandardCharsets.UTF_8)).transferred());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("tokens/alpha.train.bin"), log.toString());

        // what a service does: the demo corpus comes from S2L_CORPUS_URI at first use
        Map<String, String> withUri = new HashMap<>(env);
        withUri.put(CorpusStore.URI_ENV, "s3://" + bucket + "/round-trip");
        Corpora corpora = new Corpora(tmp.resolve("service"), withUri::get);
        assertFalse(Files.exists(tmp.resolve("service")));
        assertEquals(Set.of("alpha", "beta"), corpora.open(Corpora.DEMO).domains());
        assertTrue(Files.isRegularFile(tmp.resolve("service/manifest.json")));
    }

    @Test
    void damagedFileInTheStoreIsRefusedNamingTheFileAndTheFolderStaysIncomplete() throws IOException {
        Path built = builtCorpus(tmp.resolve("built"));
        CorpusStore store = CorpusStore.at("s3://" + bucket + "/damaged", env::get);
        store.upload(built, QUIET);
        client.putBytes(S3Location.parse("s3://" + bucket + "/damaged/tokens/beta.train.bin"), new byte[] {1, 2, 3},
                Map.of());

        Path pod = tmp.resolve("pod");
        String message = assertThrows(IllegalStateException.class, () -> store.fetch(pod, QUIET)).getMessage();
        assertTrue(message.contains("corpus file tokens/beta.train.bin fetched from s3://" + bucket
                + "/damaged/tokens/beta.train.bin") && message.contains("damaged"), message);
        assertFalse(Files.exists(pod.resolve("manifest.json")), "an incomplete folder has no manifest");
        assertFalse(Files.exists(pod.resolve("tokens/beta.train.bin")), "the damaged file is not kept");
        String refused = assertThrows(IllegalStateException.class, () -> Corpus.open(pod)).getMessage();
        assertTrue(refused.contains("has no manifest.json"), refused);

        Map<String, String> withUri = new HashMap<>(env);
        withUri.put(CorpusStore.URI_ENV, "s3://" + bucket + "/damaged");
        String service = assertThrows(RuntimeException.class, () -> new Corpora(tmp.resolve("service"), withUri::get)
                .open(Corpora.DEMO)).getMessage();
        assertTrue(service.contains("tokens/beta.train.bin"), service);
    }

    @Test
    void damagedLocalCorpusIsNotUploadedAndAnEmptyLocationIsNamed() throws IOException {
        Path built = builtCorpus(tmp.resolve("built"));
        Files.writeString(built.resolve("docs/alpha.jsonl"), "changed", StandardCharsets.UTF_8);
        CorpusStore store = CorpusStore.at("s3://" + bucket + "/refused", env::get);
        String message = assertThrows(IllegalStateException.class, () -> store.upload(built, QUIET)).getMessage();
        assertTrue(message.contains("corpus file docs/alpha.jsonl") && message.contains("rebuild"), message);
        assertTrue(client.list(S3Location.parse("s3://" + bucket + "/refused")).stream()
                .noneMatch(o -> o.key().endsWith("manifest.json")), "no manifest was published");

        String empty = assertThrows(IllegalStateException.class, () -> CorpusStore.at("s3://" + bucket + "/none",
                env::get).fetch(tmp.resolve("pod"), QUIET)).getMessage();
        assertTrue(empty.contains("no corpus at s3://" + bucket + "/none") && empty.contains("bin/data upload"), empty);
    }

    /**
     * A small corpus in the built layout: docs/ with JSONL, tokens/ packed from them, and a manifest.json with the
     * sha256 of every file as bin/data build writes it.
     */
    private static Path builtCorpus(Path dir) throws IOException {
        Fixtures.syntheticCorpus(dir.resolve("docs"), Map.of("alpha", 30, "beta", 30), 300);
        Corpus.open(dir.resolve("docs"), dir.resolve("tokens"));
        Map<String, String> files = new TreeMap<>();
        for (String file : filesOf(dir)) {
            files.put(file, Hashing.sha256Hex(dir.resolve(file)));
        }
        StringBuilder json = new StringBuilder("{\"format\":\"" + CorpusManifest.FORMAT + "\",\"files\":{");
        files.forEach((k, v) -> json.append('"').append(k).append("\":\"").append(v).append("\","));
        json.setLength(json.length() - 1);
        Files.writeString(dir.resolve(CorpusManifest.FILE), json.append("}}"), StandardCharsets.UTF_8);
        return dir;
    }

    private static List<String> filesOf(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals(CorpusManifest.FILE)).sorted().toList();
        }
    }
}
