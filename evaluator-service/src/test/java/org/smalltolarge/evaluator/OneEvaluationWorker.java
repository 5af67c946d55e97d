package org.smalltolarge.evaluator;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The profile of every test that touches libtorch: one evaluation worker scoring the fixture's suites. One
 * profile means one Quarkus class loader, and libtorch may be loaded by a single class loader per JVM.
 */
public class OneEvaluationWorker implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("evaluator.workers", "1",
                "evaluator.device", "cpu",
                "evaluator.corpus-dir", TinyStudyFixture.suitesCorpus().toString(),
                "evaluator.scan-interval", "1S",
                "evaluator.bootstrap-resamples", "200");
    }
}
