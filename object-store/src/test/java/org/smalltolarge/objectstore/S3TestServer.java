package org.smalltolarge.objectstore;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The S3 server that tests use: the one {@link S3Settings} names in the environment ({@code S2L_S3_ENDPOINT} and the
 * AWS_* credentials; {@code ./study test} starts S3Proxy with infra/servers.sh and sets them). Without an endpoint a
 * test is skipped, saying how to get one. Each call gives a fresh bucket, so tests never see each other's objects.
 * Shared with other modules' tests through this module's test jar.
 */
public final class S3TestServer {
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private S3TestServer() {
    }

    /** Why an S3 test did not run: for {@code @EnabledIfEnvironmentVariable(named = S3Settings.ENDPOINT_ENV, ...)}. */
    public static final String NO_SERVER = "no S3 server for this test: " + S3Settings.ENDPOINT_ENV + " is not set"
            + " (start S3Proxy with 'S3_PORT=29000 infra/servers.sh start s3' and export " + S3Settings.ENDPOINT_ENV
            + "=http://127.0.0.1:29000 AWS_ACCESS_KEY_ID=s2l-test AWS_SECRET_ACCESS_KEY=s2l-test-secret;"
            + " ./study test does this)";

    /** The environment's S3 settings, or the calling test is skipped with {@link #NO_SERVER}. */
    public static S3Settings settingsOrSkip() {
        if (!S3Settings.configured(System::getenv)) {
            System.err.println(NO_SERVER);
        }
        Assumptions.assumeTrue(S3Settings.configured(System::getenv), NO_SERVER);
        S3Settings settings = S3Settings.fromEnvironment();
        System.out.println("test backend: S3=" + settings.endpoint() + " (environment " + S3Settings.ENDPOINT_ENV + ")");
        return settings;
    }

    /** A new, empty bucket on the test server, named after {@code purpose}. */
    public static String freshBucket(S3Client client, String purpose) {
        String name = ("t-" + purpose + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 1_000_000 + "-"
                + BUCKETS.incrementAndGet()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (name.length() > 63) {
            name = name.substring(name.length() - 63).replaceAll("^[^a-z0-9]+", "b");
        }
        try {
            client.createBucket(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return name;
    }
}
