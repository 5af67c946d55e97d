package org.smalltolarge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code status ID} reads the trainer's run views (schema "Run") and prints one line per run. */
class StatusCommandTest {
    /** Three runs as the trainer's GET /studies/{id}/runs returns them, with fields status does not read. */
    private static final String RUNS = """
            [{"id":"s-aaa","study_id":"s","status":"completed","distribution":"web","scale":"xs","seed":0,
              "role":"proxy","request_published":true,"attempts":1,"train_seconds":3.5,"created_at":"2026-12-02T04:00:00Z"},
             {"id":"s-bbb","study_id":"s","status":"running","distribution":"code","scale":"ref","seed":1,
              "role":"reference","request_published":true,"attempts":2,"worker":"host-1/0",
              "progress":{"run_id":"s-bbb","study_id":"s","step":5,"total_steps":20,"tokens":1280,"total_tokens":5120,
                "loss":4.2,"tokens_per_second":2500.0,"percent":25.0,"eta_seconds":2.0,"worker":"host-1/0",
                "at":"2026-12-02T04:00:05Z"}},
             {"id":"s-ccc","study_id":"s","status":"failed","distribution":"web","scale":"ref","seed":0,
              "role":"reference","request_published":true,"failure":"IOException: disk full"}]
            """;

    @Test
    void printsEachRunWithItsProgressOrFailureAndCountsByStatus() throws Exception {
        List<RunSummary> runs = Services.readRuns(RUNS);
        assertEquals(3, runs.size());
        assertEquals(25.0, runs.get(1).progress().percent());

        List<String> lines = StatusCommand.render("s", runs).lines().toList();
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(1).startsWith("s-aaa") && lines.get(1).endsWith("completed 100%"), lines.get(1));
        assertTrue(lines.get(2).contains("running") && lines.get(2).contains("25.0% (1280/5120 tokens"), lines.get(2));
        assertTrue(lines.get(3).endsWith("IOException: disk full"), lines.get(3));
        assertEquals("s: 3 runs, 1 completed, 1 failed, 1 running", lines.get(4));
    }
}
