package org.smalltolarge.attribution.workflow;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * One attribution worker on the built demo corpus ({@code -Ds2l.corpus.dir}); a fresh data folder. One profile
 * means one Quarkus class loader, and libtorch may be loaded by a single class loader per JVM.
 */
public class OneAttributionWorker implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            String corpus = System.getProperty("s2l.corpus.dir", "");
            return Map.of("attribution.workers", "1",
                    "attribution.device", "cpu",
                    "attribution.threads-per-worker", "2",
                    "attribution.corpus-dir", corpus.isBlank() ? "/nonexistent-corpus" : corpus,
                    "attribution.data-dir", Files.createTempDirectory("attribution-data").toString(),
                    "attribution.scan-interval", "1S",
                    "attribution.heartbeat-interval", "1S",
                    "attribution.stale-claim-after", "5S");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
