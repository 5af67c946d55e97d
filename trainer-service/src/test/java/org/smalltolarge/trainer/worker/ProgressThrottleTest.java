package org.smalltolarge.trainer.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.smalltolarge.contracts.events.TrainingProgress;

/** Progress events: at most one per interval, always the last step, the mean loss of the steps in between. */
class ProgressThrottleTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Instant NOW = Instant.parse("2026-12-02T05:00:00Z");

    private static org.smalltolarge.lm.TrainingProgress step(long step, double loss) {
        return new org.smalltolarge.lm.TrainingProgress(step, 10, step * 256, loss, 1e-3, 1000.0, (10 - step) * 0.256);
    }

    @Test
    void stepsWithinTheIntervalAreFoldedIntoTheNextEvent() {
        ProgressThrottle throttle = new ProgressThrottle("r", "s", "w/0", Duration.ofSeconds(5), 0);
        assertTrue(throttle.onStep(step(1, 5.0), 1 * SECOND, NOW).isEmpty());
        assertTrue(throttle.onStep(step(2, 4.0), 4 * SECOND, NOW).isEmpty());
        TrainingProgress e = throttle.onStep(step(3, 3.0), 5 * SECOND, NOW).orElseThrow();
        assertEquals(4.0, e.loss(), 1e-12, "mean over the three steps since the start");
        assertEquals(3, e.step());
        assertEquals(30.0, e.percent(), 1e-12);
        assertEquals(768, e.tokens());
        assertEquals(2560, e.totalTokens(), "tokens per step times planned steps");
        assertEquals("w/0", e.worker());
        assertEquals(NOW, e.at());
        assertTrue(throttle.onStep(step(4, 2.0), 9 * SECOND, NOW).isEmpty(), "the interval restarts at each event");
        assertEquals(1.5, throttle.onStep(step(5, 1.0), 10 * SECOND, NOW).orElseThrow().loss(), 1e-12);
    }

    @Test
    void theLastStepIsAlwaysReported() {
        ProgressThrottle throttle = new ProgressThrottle("r", "s", "w/0", Duration.ofHours(1), 0);
        Optional<TrainingProgress> last = throttle.onStep(step(10, 2.5), 1, NOW);
        assertEquals(100.0, last.orElseThrow().percent(), 1e-12);
        assertEquals(0.0, last.get().etaSeconds().doubleValue(), 1e-12);
    }

    @Test
    void anUnknownEtaIsLeftOut() {
        ProgressThrottle throttle = new ProgressThrottle("r", "s", "w/0", Duration.ZERO, 0);
        var p = new org.smalltolarge.lm.TrainingProgress(1, 10, 256, 5.0, 1e-3, 0.0, Double.POSITIVE_INFINITY);
        assertNull(throttle.onStep(p, 1, NOW).orElseThrow().etaSeconds());
    }
}
