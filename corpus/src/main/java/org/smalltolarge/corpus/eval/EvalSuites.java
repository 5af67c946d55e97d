package org.smalltolarge.corpus.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.smalltolarge.corpus.AtomicFiles;
import org.smalltolarge.corpus.CorpusFormatException;
import org.smalltolarge.corpus.Hashing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The evaluation suites of a built corpus: {@code suites/<name>.jsonl} plus {@code suites/manifest.json}. */
public final class EvalSuites {
    public static final List<String> ALL = List.of("heldout", "lastword", "wordnet_cloze", "wordnet_definition",
            "capitals", "sentiment");
    public static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private EvalSuites() {
    }

    /** Summary of one written suite, as the manifest records it. */
    public record SuiteInfo(String name, int version, String scoring, int items, String sha256) {
    }

    public static Path suitesDir(Path corpusDir) {
        return corpusDir.resolve("suites");
    }

    /**
     * Loads the named suites (all of them when names is empty), each limited to its first maxItemsPerSuite items
     * (0 or less: all). Items are stored in a hash order, so any prefix is an unbiased sample.
     */
    public static Map<String, EvalSuite> load(Path corpusDir, Collection<String> names, int maxItemsPerSuite) {
        Map<String, SuiteInfo> infos = readManifest(corpusDir);
        Map<String, EvalSuite> out = new LinkedHashMap<>();
        for (String name : names.isEmpty() ? infos.keySet() : names) {
            SuiteInfo info = infos.get(name);
            if (info == null) {
                throw new IllegalArgumentException("unknown evaluation suite '" + name + "'; available: " + infos.keySet());
            }
            out.put(name, loadOne(suitesDir(corpusDir).resolve(name + ".jsonl"), info, maxItemsPerSuite));
        }
        return out;
    }

    private static EvalSuite loadOne(Path file, SuiteInfo info, int max) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read suite " + file + ": " + e.getMessage(), e);
        }
        String actual = Hashing.sha256Hex(bytes);
        if (!actual.equals(info.sha256())) {
            throw new CorpusFormatException(file + ": content hash " + actual + " differs from the manifest's "
                    + info.sha256() + " (the file was changed or is incomplete)");
        }
        MessageDigest md = Hashing.digest();
        List<EvalItem> items = new ArrayList<>();
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length && (max <= 0 || items.size() < max); i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            md.update((lines[i] + "\n").getBytes(StandardCharsets.UTF_8));
            items.add(SuiteLine.parse(file, i + 1, lines[i]).toItem());
        }
        return new EvalSuite(info.name(), info.version(), info.scoring(), HexFormat.of().formatHex(md.digest()), items);
    }

    public static Map<String, SuiteInfo> readManifest(Path corpusDir) {
        Path file = suitesDir(corpusDir).resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: the corpus has no evaluation suites (build it first)");
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            Map<String, SuiteInfo> out = new LinkedHashMap<>();
            root.path("suites").fields().forEachRemaining(e -> out.put(e.getKey(), new SuiteInfo(e.getKey(),
                    e.getValue().path("version").asInt(), e.getValue().path("scoring").asText(),
                    e.getValue().path("items").asInt(), e.getValue().path("sha256").asText())));
            return out;
        } catch (IOException e) {
            throw new CorpusFormatException(file + ": unreadable (" + e.getMessage() + ")", e);
        }
    }

    /** Writes one suite file atomically and returns what the manifest must record for it. */
    public static SuiteInfo write(Path corpusDir, String name, int version, String scoring, List<SuiteLine> lines) {
        StringBuilder sb = new StringBuilder();
        for (SuiteLine l : lines) {
            sb.append(l.toJson()).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.writeBytes(suitesDir(corpusDir).resolve(name + ".jsonl"), bytes);
        return new SuiteInfo(name, version, scoring, lines.size(), Hashing.sha256Hex(bytes));
    }

    /** Written after every suite file, so its presence means the suites are complete. */
    public static void writeManifest(Path corpusDir, Collection<SuiteInfo> infos) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode suites = root.putObject("suites");
        for (SuiteInfo i : infos) {
            ObjectNode n = suites.putObject(i.name());
            n.put("version", i.version());
            n.put("scoring", i.scoring());
            n.put("items", i.items());
            n.put("sha256", i.sha256());
            n.put("file", i.name() + ".jsonl");
        }
        try {
            AtomicFiles.writeBytes(suitesDir(corpusDir).resolve(MANIFEST),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
