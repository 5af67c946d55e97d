package org.smalltolarge.lm;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.smalltolarge.lm.bench.LmBenchmark;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 1,000 training steps must not grow native memory (~1 minute, so only in the long-tests profile:
 * {@code mvn -pl lm-core verify -Plong-tests}). Native = RSS minus the JVM's committed memory, so the Java
 * heap growing towards its limit is not mistaken for a native leak.
 */
@Tag("long")
class MemoryFlatnessTest {

    @Test
    @SuppressWarnings("unchecked")
    void nativeMemoryStaysFlatOverAThousandSteps() throws Exception {
        Map<String, Object> m = LmBenchmark.memoryFlatness(1000);
        List<Long> rss = (List<Long>) m.get("rss_kib_every_100_steps");
        double nativeGrowth = (double) m.get("native_growth_after_step_100_percent_of_rss");
        assertTrue(rss.size() == 10 && rss.get(0) > 0, "RSS samples: " + rss);
        assertTrue(Math.abs(nativeGrowth) < 10, "native memory grew by " + nativeGrowth + "% of RSS: " + m);
    }
}
