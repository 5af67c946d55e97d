package org.smalltolarge.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.smalltolarge.corpus.eval.EvalItem;
import org.smalltolarge.corpus.eval.EvalSuite;
import org.smalltolarge.corpus.eval.EvalSuites;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks a real built corpus. Runs only with -Ds2l.corpus.dir=DIR (CI builds the corpus first with
 * {@code bin/data build --out DIR}); otherwise every test is skipped with a message saying so.
 */
@Tag("slow") // reads the built demo corpus
class BuiltCorpusTest {
    static Path dir;
    static JsonNode manifest;

    @BeforeAll
    static void locate() throws IOException {
        String prop = System.getProperty("s2l.corpus.dir");
        Assumptions.assumeTrue(prop != null && !prop.isBlank(),
                "skipped: set -Ds2l.corpus.dir=<built corpus> (after 'bin/data build --out <dir>') to check a real corpus");
        dir = Path.of(prop);
        manifest = new ObjectMapper().readTree(dir.resolve(CorpusManifest.FILE).toFile());
    }

    @Test
    void hasAtLeastTwelveDomainsAndSixtyMegabytesOfText() {
        Corpus c = Corpus.open(dir);
        assertTrue(c.domains().size() >= 12, "domains: " + c.domains());
        long bytes = 0;
        for (String d : c.domains()) {
            assertTrue(c.tokenCount(d, Split.TRAIN) > 0, d + " has no training tokens");
            assertTrue(c.docCount(d, Split.TEST) > 0, d + " has no test documents");
            for (Split s : Split.values()) {
                bytes += c.tokenCount(d, s) - c.docCount(d, s);
            }
        }
        assertTrue(bytes >= 60_000_000L, "text bytes: " + bytes);
        assertEquals(c.domains(), fieldNames(manifest.path("domains")));
    }

    @Test
    void docsFilesAgreeWithTheManifestAndTheTokenFiles() {
        Corpus c = Corpus.open(dir);
        for (String d : c.domains()) {
            AtomicLong docs = new AtomicLong();
            Set<String> ids = new HashSet<>();
            DocumentJsonl.read(dir.resolve("docs").resolve(d + ".jsonl"), null, (doc, line) -> {
                assertEquals(d, doc.domain());
                assertTrue(ids.add(doc.id()), "duplicate id " + doc.id());
                docs.incrementAndGet();
            });
            assertEquals(manifest.path("domains").path(d).path("documents").asLong(), docs.get(), d);
            long packed = 0;
            for (Split s : Split.values()) {
                packed += c.tokens(d, s).docCount();
            }
            assertEquals(docs.get(), packed, d);
        }
    }

    @Test
    void everyListedFileAndPackageHasItsRecordedSha256() throws IOException {
        assertTrue(manifest.path("files").size() > 12 * 7);
        for (var it = manifest.path("files").fields(); it.hasNext(); ) {
            var e = it.next();
            assertEquals(e.getValue().asText(), Hashing.sha256Hex(dir.resolve(e.getKey())), e.getKey());
        }
        assertTrue(manifest.path("packages").size() >= 20);
        for (JsonNode p : manifest.path("packages")) {
            assertTrue(p.path("sha256").asText().matches("[0-9a-f]{64}"), p.toString());
            assertFalse(p.path("version").asText().isBlank(), p.toString());
            Path cached = dir.resolve(".cache").resolve(p.path("kind").asText()).resolve(p.path("archive").asText());
            if (Files.isRegularFile(cached)) {
                assertEquals(p.path("sha256").asText(), Hashing.sha256Hex(cached), cached.toString());
            }
        }
    }

    @Test
    void allSixSuitesLoadAndFitASmallModel() {
        Map<String, EvalSuite> suites = EvalSuites.load(dir, EvalSuites.ALL, 0);
        assertEquals(EvalSuites.ALL, java.util.List.copyOf(suites.keySet()));
        Map<String, Integer> heldoutDomains = new HashMap<>();
        for (EvalSuite s : suites.values()) {
            assertTrue(s.size() > 0, s.name() + " is empty");
            assertEquals(manifest.path("suites").path(s.name()).path("sha256").asText(), s.contentHash());
            for (EvalItem item : s.items()) {
                EvalItem fit = item.fitTo(129);
                assertTrue(fit.options().stream().allMatch(o -> fit.context().length + o.length <= 129));
                if (item.kind() != EvalItem.Kind.TEXT) {
                    assertEquals(item.answer().length, fit.answer().length, "answers are never cut: " + item.id());
                }
                if (s.name().equals("heldout")) {
                    heldoutDomains.merge(item.domain(), 1, Integer::sum);
                }
            }
        }
        assertTrue(heldoutDomains.size() >= 12, heldoutDomains.toString());
    }

    @Test
    void aMixtureOverAllDomainsSamplesEveryDomain() {
        Corpus c = Corpus.open(dir);
        Map<String, Double> uniform = new HashMap<>();
        c.domains().forEach(d -> uniform.put(d, 1.0));
        MixtureSampler s = MixtureSampler.ofWeights(c, uniform, 128, 128L * 5000, 0);
        Set<String> seen = new HashSet<>();
        for (long i = 0; i < s.windowCount(); i++) {
            seen.add(s.domain(i));
            assertTrue(c.locate(s.sourceDocId(i)) != null);
        }
        assertEquals(c.domains(), seen);
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> out = new java.util.TreeSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
