package org.smalltolarge.objectstore;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against a real S3 server (S3Proxy from infra/servers.sh in CI): every call, its failures and their messages. */
@Tag("slow") // needs an S3 server
@EnabledIfEnvironmentVariable(named = S3Settings.ENDPOINT_ENV, matches = ".+", disabledReason = S3TestServer.NO_SERVER)
class S3ClientTest {
    private static S3Settings settings;
    private static S3Client client;
    private static String bucket;

    @BeforeAll
    static void server() {
        settings = S3TestServer.settingsOrSkip();
        client = new S3Client(settings, 5L << 20);
        bucket = S3TestServer.freshBucket(client, "client");
    }

    @Test
    void fileGoesUpAndComesBackWithItsMetadataAndIsListed(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a.txt"), "hello, object storage");
        S3Location key = new S3Location(bucket, "runs/run-1/step-000000001/a.txt");
        client.putFile(key, file, Map.of("sha256", "abc"));
        client.putBytes(new S3Location(bucket, "runs/run-1/step-000000002/b.txt"), new byte[] {1, 2}, Map.of());
        client.putBytes(new S3Location(bucket, "runs/run-2/x"), new byte[0], Map.of());

        var info = client.head(key).orElseThrow();
        assertEquals(21, info.size());
        assertEquals("abc", info.metadata().get("sha256"));
        assertTrue(client.head(new S3Location(bucket, "runs/none")).isEmpty());

        Path back = dir.resolve("back/a.txt");
        client.getFile(key, back);
        assertEquals("hello, object storage", Files.readString(back));
        assertArrayEquals("hello, object storage".getBytes(StandardCharsets.UTF_8), client.getBytes(key));

        assertEquals(List.of("step-000000001", "step-000000002"),
                client.listFolders(new S3Location(bucket, "runs/run-1")).stream().sorted().toList());
        assertEquals(List.of("run-1", "run-2"), client.listFolders(new S3Location(bucket, "runs")).stream().sorted()
                .toList());
        assertEquals(List.of("runs/run-1/step-000000001/a.txt", "runs/run-1/step-000000002/b.txt"),
                client.list(new S3Location(bucket, "runs/run-1")).stream().map(S3Client.ObjectInfo::key).sorted()
                        .toList());

        client.delete(key);
        assertTrue(client.head(key).isEmpty());
        S3Exception missing = assertThrows(S3Exception.class, () -> client.getFile(key, dir.resolve("gone")));
        assertTrue(missing.notFound() && missing.getMessage().contains(key.uri())
                && missing.getMessage().contains("HTTP 404"), missing.getMessage());
        assertFalse(Files.exists(dir.resolve("gone")), "no file for a failed download");
    }

    @Test
    void fileLargerThanAPartGoesUpInPartsAndComesBackIdentical(@TempDir Path dir) throws IOException {
        byte[] data = new byte[(11 << 20) + 123]; // three parts of 5 MiB, the last short
        new Random(7).nextBytes(data);
        Path file = Files.write(dir.resolve("big.bin"), data);
        S3Location key = new S3Location(bucket, "big/big.bin");
        client.putFile(key, file, Map.of("sha256", Sha256.hex(file)));
        assertEquals(data.length, client.head(key).orElseThrow().size());
        assertEquals(Sha256.hex(file), client.head(key).orElseThrow().metadata().get("sha256"));
        Path back = dir.resolve("back.bin");
        client.getFile(key, back);
        assertArrayEquals(data, Files.readAllBytes(back));
    }

    @Test
    void listingFollowsContinuationPages() throws IOException {
        // S3 pages listings at 1,000 keys
        for (int i = 0; i < 1005; i++) {
            client.putBytes(new S3Location(bucket, "many/k" + i), new byte[0], Map.of());
        }
        assertEquals(1005, client.list(new S3Location(bucket, "many")).size());
    }

    @Test
    void wrongSecretAndMissingBucketAreRefusedSayingWhatToCheck(@TempDir Path dir) throws IOException {
        S3Client wrong = new S3Client(new S3Settings(settings.endpoint(), settings.region(), settings.accessKey(),
                "not-the-secret"));
        S3Exception refused = assertThrows(S3Exception.class,
                () -> wrong.putBytes(new S3Location(bucket, "x"), new byte[] {1}, Map.of()));
        assertTrue(refused.status() == 403 && refused.getMessage().contains("AWS_SECRET_ACCESS_KEY")
                && refused.getMessage().contains("s3://" + bucket + "/x"), refused.getMessage());

        S3Exception noBucket = assertThrows(S3Exception.class,
                () -> client.putBytes(new S3Location("no-such-bucket-s2l", "x"), new byte[] {1}, Map.of()));
        assertTrue(noBucket.getMessage().contains("NoSuchBucket")
                && noBucket.getMessage().contains("create bucket 'no-such-bucket-s2l'"), noBucket.getMessage());
    }

    @Test
    void noServerIsAnErrorNamingTheEndpointSetting() {
        S3Client nowhere = new S3Client(new S3Settings(java.net.URI.create("http://127.0.0.1:1"), null, "a", "b"));
        S3Exception e = assertThrows(S3Exception.class, () -> nowhere.head(new S3Location("bucket", "k")));
        assertTrue(e.getMessage().contains("no answer from http://127.0.0.1:1")
                && e.getMessage().contains("S2L_S3_ENDPOINT"), e.getMessage());
    }

    @Test
    void locationsRefuseKeysThatCouldLeaveACacheFolder() {
        assertEquals(new S3Location("s2l", "checkpoints/run-1"), S3Location.parse("s3://s2l/checkpoints/run-1/"));
        assertEquals("", S3Location.parse("s3://s2l").key());
        for (String bad : List.of("s3://s2l/a/../b", "s3://s2l/a//b", "s3://S2L/a", "file:/x", "s3://s2l/a b")) {
            assertThrows(IllegalArgumentException.class, () -> S3Location.parse(bad), bad);
        }
    }
}
