package org.smalltolarge.corpus.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smalltolarge.corpus.CorpusFormatException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalSuitesTest {
    @TempDir
    Path dir;

    private EvalSuites.SuiteInfo writeCapitals() {
        List<SuiteLine> lines = List.of(
                new SuiteLine("c/fr", "capitals", EvalItem.Kind.CHOICE, null, "The capital of France is",
                        List.of(" Rome", " Paris"), 1),
                new SuiteLine("c/it", "capitals", EvalItem.Kind.CHOICE, null, "The capital of Italy is",
                        List.of(" Rome", " Paris"), 0),
                new SuiteLine("c/es", "capitals", EvalItem.Kind.CHOICE, null, "The capital of Spain is",
                        List.of(" Madrid", " Oslo"), 0));
        EvalSuites.SuiteInfo info = EvalSuites.write(dir, "capitals", 1, "choice", lines);
        EvalSuites.writeManifest(dir, List.of(info));
        return info;
    }

    @Test
    void loadsItemsWithAContentHashOfExactlyWhatWasLoaded() {
        EvalSuites.SuiteInfo info = writeCapitals();
        EvalSuite all = EvalSuites.load(dir, List.of("capitals"), 0).get("capitals");
        assertEquals(3, all.size());
        assertEquals(info.sha256(), all.contentHash());
        EvalSuite two = EvalSuites.load(dir, List.of(), 2).get("capitals");
        assertEquals(2, two.size());
        assertNotEquals(all.contentHash(), two.contentHash());
        assertEquals(two.contentHash(), EvalSuites.load(dir, List.of(), 2).get("capitals").contentHash());
        EvalItem fr = all.items().get(0);
        assertEquals(EvalItem.Kind.CHOICE, fr.kind());
        assertEquals(1, fr.correct());
    }

    @Test
    void aChangedSuiteFileOrUnknownSuiteIsAnError() throws Exception {
        writeCapitals();
        assertThrows(IllegalArgumentException.class, () -> EvalSuites.load(dir, List.of("hellaswag"), 0));
        Path f = dir.resolve("suites/capitals.jsonl");
        Files.writeString(f, Files.readString(f).replace("Paris", "Lyon"));
        CorpusFormatException e = assertThrows(CorpusFormatException.class,
                () -> EvalSuites.load(dir, List.of("capitals"), 0));
        assertTrue(e.getMessage().contains("capitals.jsonl"), e.getMessage());
    }

    @Test
    void aMalformedItemLineNamesFileAndLine() {
        SuiteLine ok = new SuiteLine("x", "s", EvalItem.Kind.TEXT, null, "", List.of("text"), 0);
        assertEquals(ok.id(), SuiteLine.parse(Path.of("f"), 1, ok.toJson()).id());
        CorpusFormatException e = assertThrows(CorpusFormatException.class,
                () -> SuiteLine.parse(Path.of("s.jsonl"), 4, "{\"id\":\"x\"}"));
        assertTrue(e.getMessage().startsWith("s.jsonl:4: missing field"), e.getMessage());
    }
}
