package org.smalltolarge.selector.workflow;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** One selector worker on the built demo corpus, reading its peers' REST APIs from the test's stand-in. */
public class OneSelectorWorker implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        String corpus = System.getProperty("s2l.corpus.dir", "");
        return Map.of("selector.workers", "1",
                "selector.corpus-dir", corpus.isBlank() ? "/nonexistent-corpus" : corpus,
                "selector.attribution-url", PeerStandIn.url(),
                "selector.evaluator-url", PeerStandIn.url(),
                "selector.scan-interval", "1S",
                "selector.heartbeat-interval", "1S",
                "selector.stale-claim-after", "5S");
    }
}
