package org.smalltolarge.spec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** quick-demo: xs has 124,736 parameters and 2e6 tokens, ref 3,258,112 parameters and 65,162,240 tokens, 9 runs. */
class LimitsTest {

    private static final String QUICK_DEMO = Fixtures.text("valid/quick-demo.yaml");
    private static final long MANY = 1_000_000_000_000L;

    @Test
    void modelLargerThanTheWorkersAcceptIsRefusedNamingTheSetting() {
        assertEquals(List.of("scales[1]: 3.3e6 parameters exceed the workers' limit of 2.0e5 (setting trainer.max-params)"),
                errors(new SpecLimits(200_000, MANY, 8192, 10_000)));
        assertEquals(List.of(), errors(new SpecLimits(3_258_112, MANY, 8192, 10_000)), "the limit itself is allowed");
    }

    @Test
    void tokenBudgetOverTheLimitIsRefusedAtTheFieldThatSetIt() {
        assertEquals(List.of("scales[1].tokens_per_param: 6.5e7 training tokens exceed the workers' limit of 1.0e7 "
                        + "(setting trainer.max-tokens-per-run)"),
                errors(new SpecLimits(MANY, 10_000_000, 8192, 10_000)));
        assertEquals(List.of("scales[0].tokens: 2.0e6 training tokens exceed the workers' limit of 1.0e6 "
                        + "(setting trainer.max-tokens-per-run)",
                        "scales[1].tokens_per_param: 6.5e7 training tokens exceed the workers' limit of 1.0e6 "
                        + "(setting trainer.max-tokens-per-run)"),
                errors(new SpecLimits(MANY, 1_000_000, 8192, 10_000)));
    }

    @Test
    void contextLongerThanTheLimitIsRefused() {
        assertEquals(List.of(
                        "scales[0].model.context: 128 exceeds the workers' limit of 64 (setting trainer.max-context)",
                        "scales[1].model.context: 128 exceeds the workers' limit of 64 (setting trainer.max-context)"),
                errors(new SpecLimits(MANY, MANY, 64, 10_000)));
    }

    @Test
    void planWithMoreRunsThanAllowedIsRefused() {
        assertEquals(List.of("$: 9 runs planned (3 distributions x 2 scales x 1 seeds + 3 x 1 extra reference seeds) "
                        + "exceed the limit of 8 (setting trainer.max-runs)"),
                errors(new SpecLimits(MANY, MANY, 8192, 8)));
        assertEquals(List.of(), errors(new SpecLimits(MANY, MANY, 8192, 9)));
    }

    @Test
    void defaultsAreGenerousButFinite() {
        SpecLimits defaults = SpecLimits.defaults();

        assertEquals(new SpecLimits(2_000_000_000L, 1_000_000_000_000L, 8192, 10_000), defaults);
        assertTrue(StudySpecs.validate(QUICK_DEMO, defaults, Fixtures.SOURCES).valid());
    }

    @Test
    void limitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new SpecLimits(0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SpecLimits(1, 1, 1, -1));
    }

    private static List<String> errors(SpecLimits limits) {
        return StudySpecs.validate(QUICK_DEMO, limits, Fixtures.SOURCES).errors().stream()
                .map(FieldError::toString).toList();
    }

    @Test
    void aWorkerChecksEachPlannedScaleAgainstItsOwnLimits() {
        Scale ref = new Scale("ref", new ModelShape(256, 4, 4, 128), 65_162_240L);
        assertTrue(new SpecLimits(MANY, MANY, 8192, 1).violatedBy(ref).isEmpty());
        assertEquals("context 128 exceeds this worker's limit of 64 (setting trainer.max-context)",
                new SpecLimits(MANY, MANY, 64, 1).violatedBy(ref).orElseThrow());
        assertTrue(new SpecLimits(1_000_000, MANY, 8192, 1).violatedBy(ref).orElseThrow()
                .endsWith("limit of 1000000 (setting trainer.max-params)"));
        assertEquals("token budget 65162240 exceeds this worker's limit of 1000000 (setting trainer.max-tokens-per-run)",
                new SpecLimits(MANY, 1_000_000, 8192, 1).violatedBy(ref).orElseThrow());
    }
}
