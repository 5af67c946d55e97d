package org.smalltolarge.corpus.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.smalltolarge.corpus.AtomicFiles;
import org.smalltolarge.corpus.CorpusManifest;
import org.smalltolarge.corpus.Document;
import org.smalltolarge.corpus.DocumentJsonl;
import org.smalltolarge.corpus.Hashing;
import org.smalltolarge.corpus.Split;
import org.smalltolarge.corpus.TokenIndex;
import org.smalltolarge.corpus.TokenPacker;
import org.smalltolarge.corpus.eval.EvalSuites;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds the demo corpus: fetch packages, cut each domain into documents, cap, write JSONL, pack tokens, build
 * the evaluation suites, and write {@code manifest.json} last. A build whose inputs and outputs are unchanged
 * is recognised from the manifest and skipped.
 */
public final class CorpusBuilder {
    /** Bump whenever extraction or suite code changes what a build writes. */
    public static final String BUILDER_VERSION = "corpus-builder-4";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SLOW = Set.of("man_pages", "code_java", "dictionary", "email");

    private final BuildConfig cfg;
    private final PrintStream log;

    public CorpusBuilder(BuildConfig cfg, PrintStream log) {
        this.cfg = cfg;
        this.log = log;
    }

    record DomainResult(String domain, String licence, List<String> packages, int extracted, int kept, long bytes,
                        boolean capped, TokenIndex.DomainCounts counts, List<Document> testDocs) {
    }

    /** Builds (or confirms) the corpus and returns its manifest. */
    public JsonNode build() throws Exception {
        Path out = cfg.out();
        String key = buildKey();
        JsonNode existing = upToDate(key);
        if (existing != null) {
            log.println("corpus in " + out + " is up to date (build key " + key.substring(0, 12) + ")");
            return existing;
        }
        Files.createDirectories(out);
        Files.deleteIfExists(out.resolve(CorpusManifest.FILE));
        for (String dir : List.of("docs", "tokens", "suites")) {
            AtomicFiles.deleteTree(out.resolve(dir));
        }
        PackageFetcher fetcher = new PackageFetcher(cfg.cache(), log);
        Map<String, FetchedPackage> pkgs = new TreeMap<>();
        for (PackageRef ref : allPackages()) {
            pkgs.put(ref.names().get(0), fetcher.fetch(ref));
        }
        List<DomainResult> results = extractAll(pkgs);
        Map<String, TokenIndex.DomainCounts> counts = new TreeMap<>();
        Map<String, List<Document>> testDocs = new TreeMap<>();
        for (DomainResult r : results) {
            counts.put(r.domain(), r.counts());
            testDocs.put(r.domain(), r.testDocs());
        }
        Path tokens = out.resolve("tokens");
        new TokenIndex(hashFiles(tokens, ".bin"), counts).write(tokens);
        List<EvalSuites.SuiteInfo> suites = new SuiteBuilder(cfg).build(out, testDocs, pkgs);
        EvalSuites.writeManifest(out, suites);
        JsonNode manifest = manifest(key, pkgs, results, suites);
        AtomicFiles.writeBytes(out.resolve(CorpusManifest.FILE),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        return manifest;
    }

    private List<PackageRef> allPackages() {
        Map<String, PackageRef> unique = new LinkedHashMap<>();
        for (DomainSource s : Sources.domains()) {
            s.packages().forEach(p -> unique.putIfAbsent(p.spec(), p));
        }
        Sources.suitePackages().forEach(p -> unique.putIfAbsent(p.spec(), p));
        return new ArrayList<>(unique.values());
    }

    String buildKey() {
        StringBuilder sb = new StringBuilder(BUILDER_VERSION).append('\n').append(cfg.key()).append('\n');
        allPackages().forEach(p -> sb.append(p.spec()).append('\n'));
        Sources.domains().forEach(d -> sb.append(d.domain()).append('\n'));
        return Hashing.sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The manifest when it matches the key and every file it lists is present with its recorded hash. */
    private JsonNode upToDate(String key) throws IOException {
        Path file = cfg.out().resolve(CorpusManifest.FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonNode m = JSON.readTree(file.toFile());
        if (!key.equals(m.path("buildKey").asText())) {
            log.println("corpus settings or sources changed: rebuilding");
            return null;
        }
        for (var it = m.path("files").fields(); it.hasNext(); ) {
            var e = it.next();
            Path f = cfg.out().resolve(e.getKey());
            if (!Files.isRegularFile(f) || !Hashing.sha256Hex(f).equals(e.getValue().asText())) {
                log.println(e.getKey() + " is missing or changed: rebuilding");
                return null;
            }
        }
        return m;
    }

    private List<DomainResult> extractAll(Map<String, FetchedPackage> pkgs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<DomainResult>> futures = new ArrayList<>();
            // The slowest domains start first so the two workers finish together.
            List<DomainSource> order = new ArrayList<>(Sources.domains());
            order.sort(Comparator.comparing((DomainSource s) -> !SLOW.contains(s.domain())));
            for (DomainSource s : order) {
                futures.add(pool.submit(() -> buildDomain(s, pkgs)));
            }
            List<DomainResult> results = new ArrayList<>();
            for (Future<DomainResult> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            }
            results.sort(Comparator.comparing(DomainResult::domain));
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private DomainResult buildDomain(DomainSource source, Map<String, FetchedPackage> pkgs) throws Exception {
        long t0 = System.nanoTime();
        List<Document> extracted;
        try {
            extracted = source.extract(pkgs, cfg.capBytes());
        } catch (Exception e) {
            throw new IllegalStateException("domain '" + source.domain() + "': " + e.getMessage(), e);
        }
        List<Document> unique = dedupe(extracted);
        List<Document> kept = cap(unique, cfg.capBytes());
        long bytes = kept.stream().mapToLong(d -> d.text().getBytes(StandardCharsets.UTF_8).length).sum();
        DocumentJsonl.write(cfg.out().resolve("docs").resolve(source.domain() + ".jsonl"), kept);
        TokenIndex.DomainCounts counts;
        try (TokenPacker packer = new TokenPacker(cfg.out().resolve("tokens"), source.domain())) {
            kept.forEach(packer::add);
            packer.commit();
            counts = TokenIndex.DomainCounts.of(packer);
        }
        List<Document> test = kept.stream().filter(d -> d.split() == Split.TEST).toList();
        List<String> pkgNames = source.packages().stream().map(p -> pkgs.get(p.names().get(0)).name()).toList();
        log.printf("  %-12s %7d docs %7.1f MB  (%.1f s)%n", source.domain(), kept.size(), bytes / 1e6,
                (System.nanoTime() - t0) / 1e9);
        return new DomainResult(source.domain(), source.licence(), pkgNames, extracted.size(), kept.size(), bytes,
                kept.size() < unique.size(), counts, test);
    }

    /** Drops empty documents and exact duplicate texts (the first id in id order wins); sorts by id. */
    static List<Document> dedupe(List<Document> docs) {
        List<Document> sorted = new ArrayList<>(docs);
        sorted.sort(Comparator.comparing(Document::id));
        Set<String> ids = new HashSet<>();
        Set<String> texts = new HashSet<>();
        List<Document> out = new ArrayList<>();
        for (Document d : sorted) {
            if (!ids.add(d.id())) {
                throw new IllegalStateException("duplicate document id " + d.id());
            }
            if (!d.text().isBlank() && texts.add(d.text())) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * Keeps the longest run of documents, in hash-of-id order, that fits the cap: a uniform sample of the domain
     * rather than its first pages, and the same whatever else follows the run. The result stays in id order.
     */
    static List<Document> cap(List<Document> docs, long capBytes) {
        long total = docs.stream().mapToLong(d -> d.text().getBytes(StandardCharsets.UTF_8).length).sum();
        if (total <= capBytes) {
            return docs;
        }
        List<Document> byHash = new ArrayList<>(docs);
        byHash.sort(Comparator.comparingLong((Document d) -> Hashing.hash64(d.id())).thenComparing(Document::id));
        Set<String> keep = new HashSet<>();
        long used = 0;
        for (Document d : byHash) {
            used += d.text().getBytes(StandardCharsets.UTF_8).length;
            if (used > capBytes) {
                break;
            }
            keep.add(d.id());
        }
        return docs.stream().filter(d -> keep.contains(d.id())).toList();
    }

    private static String hashFiles(Path dir, String suffix) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (var s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList()) {
                sb.append(f.getFileName()).append(' ').append(Hashing.sha256Hex(f)).append('\n');
            }
        }
        return Hashing.sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode manifest(String key, Map<String, FetchedPackage> pkgs, List<DomainResult> results,
                              List<EvalSuites.SuiteInfo> suites) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.put("format", CorpusManifest.FORMAT);
        m.put("formatVersion", 1);
        m.put("builder", BUILDER_VERSION);
        m.put("buildKey", key);
        m.put("tokenizer", "bytes-v1 (256 byte values + EOD=256, uint16 little-endian)");
        ObjectNode config = m.putObject("config");
        config.put("capBytes", cfg.capBytes());
        config.put("heldoutPerDomain", cfg.heldoutPerDomain());
        config.put("lastwordPerDomain", cfg.lastwordPerDomain());
        config.put("choiceItems", cfg.choiceItems());
        ArrayNode packages = m.putArray("packages");
        for (FetchedPackage p : pkgs.values()) {
            ObjectNode n = packages.addObject();
            n.put("kind", p.ref().kind().name().toLowerCase());
            n.put("name", p.name());
            n.put("version", p.version());
            n.put("archive", p.archive());
            n.put("sha256", p.sha256());
        }
        ObjectNode domains = m.putObject("domains");
        for (DomainResult r : results) {
            ObjectNode d = domains.putObject(r.domain());
            d.put("licence", r.licence());
            ArrayNode ps = d.putArray("packages");
            r.packages().forEach(ps::add);
            d.put("documentsExtracted", r.extracted());
            d.put("documents", r.kept());
            d.put("bytes", r.bytes());
            d.put("capped", r.capped());
            for (Split s : Split.values()) {
                ObjectNode n = d.putObject(s.id());
                n.put("docs", r.counts().docs()[s.ordinal()]);
                n.put("tokens", r.counts().tokens()[s.ordinal()]);
            }
        }
        ObjectNode ss = m.putObject("suites");
        for (EvalSuites.SuiteInfo s : suites) {
            ObjectNode n = ss.putObject(s.name());
            n.put("version", s.version());
            n.put("items", s.items());
            n.put("sha256", s.sha256());
        }
        ObjectNode files = m.putObject("files");
        for (String dir : List.of("docs", "tokens", "suites")) {
            try (var walk = Files.list(cfg.out().resolve(dir))) {
                for (Path f : walk.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                    files.put(dir + "/" + f.getFileName(), Hashing.sha256Hex(f));
                }
            }
        }
        return m;
    }
}
