package org.smalltolarge.corpus.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.smalltolarge.corpus.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("slow") // builds corpora
class CorpusBuilderTest {
    private static List<Document> docs(int n, int bytes) {
        List<Document> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Document.of(String.format("d/%04d", i), "d", "x".repeat(bytes - 4) + String.format("%04d", i),
                    Map.of()));
        }
        return out;
    }

    @Test
    void theCapKeepsAHashSampleWithinTheLimitInIdOrder() {
        List<Document> all = docs(1000, 100);
        List<Document> kept = CorpusBuilder.cap(all, 30_000);
        long bytes = kept.stream().mapToLong(d -> d.text().length()).sum();
        assertEquals(30_000, bytes, "300 documents of 100 bytes fill the cap exactly");
        assertEquals(kept, CorpusBuilder.cap(new ArrayList<>(all), 30_000), "deterministic");
        for (int i = 1; i < kept.size(); i++) {
            assertTrue(kept.get(i - 1).id().compareTo(kept.get(i).id()) < 0, "stays in id order");
        }
        // a sample over the whole domain, not its first pages
        assertTrue(kept.stream().anyMatch(d -> d.id().compareTo("d/0900") > 0));
        assertTrue(kept.stream().anyMatch(d -> d.id().compareTo("d/0100") < 0));
        assertEquals(all, CorpusBuilder.cap(all, 1_000_000), "under the cap nothing is dropped");
    }

    @Test
    void theCapStopsAtTheFirstDocumentInHashOrderThatDoesNotFit() {
        List<Document> all = new ArrayList<>(docs(50, 100));
        all.add(Document.of("big", "d", "y".repeat(5_000), Map.of()));
        List<Document> kept = CorpusBuilder.cap(all, 2_050);
        List<String> hashOrder = all.stream()
                .sorted(java.util.Comparator.comparingLong(d -> org.smalltolarge.corpus.Hashing.hash64(d.id())))
                .map(Document::id).toList();
        int bigAt = hashOrder.indexOf("big");
        // a prefix of the hash order: everything before the first misfit, nothing after it
        assertEquals(Math.min(bigAt, 20), kept.size());
        assertEquals(java.util.Set.copyOf(hashOrder.subList(0, kept.size())),
                java.util.Set.copyOf(kept.stream().map(Document::id).toList()));
    }

    @Test
    void dedupeDropsRepeatedTextsAndRejectsRepeatedIds() {
        List<Document> in = List.of(Document.of("b", "d", "same", Map.of()), Document.of("a", "d", "same", Map.of()),
                Document.of("c", "d", "other", Map.of()), Document.of("e", "d", "  ", Map.of()));
        List<Document> out = CorpusBuilder.dedupe(in);
        assertEquals(List.of("a", "c"), out.stream().map(Document::id).toList());
        assertThrows(IllegalStateException.class, () -> CorpusBuilder.dedupe(List.of(
                Document.of("a", "d", "1", Map.of()), Document.of("a", "d", "2", Map.of()))));
    }

    @Test
    void theBuildKeyChangesWithTheSettings() {
        BuildConfig base = BuildConfig.defaults(java.nio.file.Path.of("/tmp/x"));
        String a = new CorpusBuilder(base, System.out).buildKey();
        assertEquals(a, new CorpusBuilder(base.withCache(java.nio.file.Path.of("/elsewhere")), System.out).buildKey());
        assertTrue(!a.equals(new CorpusBuilder(base.withCapBytes(1 << 20), System.out).buildKey()));
    }
}
