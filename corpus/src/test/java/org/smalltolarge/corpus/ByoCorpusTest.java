package org.smalltolarge.corpus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("slow") // packs a corpus
class ByoCorpusTest {
    @TempDir
    Path tmp;

    private Path write(String name, String... lines) throws IOException {
        Path f = tmp.resolve("byo").resolve(name);
        Files.createDirectories(f.getParent());
        Files.write(f, List.of(lines), StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void redPajamaStyleFilesBecomeDomainsAndPackIntoTokens() throws IOException {
        write("arxiv_sample.jsonl",
                "{\"text\":\"We prove a theorem.\",\"meta\":{\"redpajama_set_name\":\"RedPajamaArXiv\",\"arxiv_id\":\"1\"}}",
                "{\"text\":\"Another paper.\",\"meta\":{\"redpajama_set_name\":\"RedPajamaArXiv\"}}");
        write("books.jsonl", "{\"id\":\"b1\",\"text\":\"Once upon a time.\"}", "",
                "{\"id\":\"b2\",\"text\":\"The end.\",\"split\":\"test\"}");
        write("mixed.jsonl", "{\"id\":\"w1\",\"source\":\"Wiki Pedia\",\"text\":\"Paris is in France.\"}");

        Corpus c = Corpus.open(tmp.resolve("byo"));
        assertEquals(Set.of("redpajamaarxiv", "books", "wiki_pedia"), c.domains());
        assertEquals(1, c.docCount("books", Split.TEST));
        long docs = 0;
        for (Split s : Split.values()) {
            docs += c.docCount("redpajamaarxiv", s);
        }
        assertEquals(2, docs);
        Corpus.DocRef b2 = c.locate("b2");
        assertEquals(Split.TEST, b2.split());
        TokenFile f = c.tokens("books", Split.TEST);
        assertEquals("The end.", ByteTokenizer.decode(f.docTokens(b2.index())));
        assertEquals(ByteTokenizer.EOD, f.get(f.length() - 1));
        assertEquals("The end.".length() + 1, c.tokenCount("books", Split.TEST));
        // ids default to file:line when absent
        assertTrue(c.locate("arxiv_sample:1") != null);
    }

    @Test
    void secondOpenReusesTheCacheAndAChangedFileRepacks() throws IOException {
        Path f = write("a.jsonl", "{\"id\":\"x\",\"text\":\"alpha\"}");
        String first = Corpus.open(tmp.resolve("byo")).fingerprint();
        Path index = tmp.resolve("byo").resolve(Corpus.BYO_CACHE).resolve(TokenIndex.FILE);
        var stamp = Files.getLastModifiedTime(index);
        assertEquals(first, Corpus.open(tmp.resolve("byo")).fingerprint());
        assertEquals(stamp, Files.getLastModifiedTime(index));

        Files.write(f, List.of("{\"id\":\"x\",\"text\":\"alpha\"}", "{\"id\":\"y\",\"text\":\"beta gamma\"}"));
        Corpus again = Corpus.open(tmp.resolve("byo"));
        assertFalse(first.equals(again.fingerprint()));
        assertTrue(again.locate("y") != null);
    }

    @Test
    void aLineThatIsNotJsonNamesFileAndLineAndLeavesNoCompleteIndex() throws IOException {
        write("good.jsonl", "{\"id\":\"g\",\"text\":\"fine\"}");
        Path bad = write("bad.jsonl", "{\"id\":\"1\",\"text\":\"ok\"}", "{not json");
        CorpusFormatException e = assertThrows(CorpusFormatException.class, () -> Corpus.open(tmp.resolve("byo")));
        assertTrue(e.getMessage().startsWith(bad + ":2:"), e.getMessage());
        Path cache = tmp.resolve("byo").resolve(Corpus.BYO_CACHE);
        assertFalse(Files.exists(cache.resolve(TokenIndex.FILE)));
        try (var files = Files.list(cache)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".bin")), "no token file may be left behind");
        }
    }

    @Test
    void aDocumentWithoutTextNamesTheField() throws IOException {
        Path bad = write("d.jsonl", "{\"id\":\"1\",\"text\":\"ok\"}", "{\"id\":\"2\",\"body\":\"no text here\"}");
        CorpusFormatException e = assertThrows(CorpusFormatException.class, () -> Corpus.open(tmp.resolve("byo")));
        assertEquals(bad + ":2: missing field 'text'", e.getMessage());
    }

    @Test
    void invalidUtf8NamesTheLine() throws IOException {
        Path f = tmp.resolve("byo").resolve("latin1.jsonl");
        Files.createDirectories(f.getParent());
        Files.write(f, "{\"text\":\"fine\"}\n{\"text\":\"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1));
        CorpusFormatException e = assertThrows(CorpusFormatException.class, () -> Corpus.open(tmp.resolve("byo")));
        assertTrue(e.getMessage().startsWith(f + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void duplicateIdsAreRejectedWithBothPlaces() throws IOException {
        write("a.jsonl", "{\"id\":\"same\",\"text\":\"one\"}");
        Path b = write("b.jsonl", "{\"id\":\"same\",\"text\":\"two\"}");
        CorpusFormatException e = assertThrows(CorpusFormatException.class, () -> Corpus.open(tmp.resolve("byo")));
        assertTrue(e.getMessage().startsWith(b + ":1: duplicate id 'same'"), e.getMessage());
        assertTrue(e.getMessage().contains("a.jsonl:1"), e.getMessage());
    }

    @Test
    void anUnfinishedBuiltCorpusIsNotTakenAsComplete() throws IOException {
        Path built = tmp.resolve("built");
        Files.createDirectories(built.resolve("docs"));
        Files.createDirectories(built.resolve("tokens"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Corpus.open(built));
        assertTrue(e.getMessage().contains("did not finish"), e.getMessage());
    }
}
