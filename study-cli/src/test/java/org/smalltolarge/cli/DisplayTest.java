package org.smalltolarge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DisplayTest {
    @Test
    void terminalRedrawsTheBlockInPlaceAndLogsAboveIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Display d = Display.forOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 0);
        d.progress(List.of("a", "b"));
        d.log("event");
        d.progress(List.of("c"));
        d.progress(List.of("c")); // unchanged: not redrawn
        String up = "\033[1A\033[2K";
        assertEquals("\ra\nb\n" + up + up + "\revent\na\nb\n" + up + up + "\rc\n",
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void plainOutputPrintsChangedBlocksAtMostOncePerInterval() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Display d = Display.forOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 3_600_000);
        d.progress(List.of("a"));
        d.progress(List.of("b")); // within the interval: skipped
        d.log("event");
        assertEquals("a\nevent\n", bytes.toString(StandardCharsets.UTF_8));
    }
}
