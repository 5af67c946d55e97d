package org.smalltolarge.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Documents and tokens per domain and split of a packed corpus, stored as {@code index.json} in the token folder.
 * It is written after all token files, so its presence means the packing finished.
 */
public record TokenIndex(String fingerprint, Map<String, DomainCounts> domains) {
    public static final String FILE = "index.json";

    public record DomainCounts(long[] docs, long[] tokens) {
        public static DomainCounts of(TokenPacker p) {
            long[] d = new long[Split.values().length];
            long[] t = new long[Split.values().length];
            for (Split s : Split.values()) {
                d[s.ordinal()] = p.docs(s);
                t[s.ordinal()] = p.tokens(s);
            }
            return new DomainCounts(d, t);
        }
    }

    public TokenIndex {
        domains = java.util.Collections.unmodifiableMap(new TreeMap<>(domains));
    }

    public void write(Path tokenDir) {
        ObjectNode root = DocumentJsonl.JSON.createObjectNode();
        root.put("tokenizer", "bytes-v1");
        root.put("fingerprint", fingerprint);
        ObjectNode ds = root.putObject("domains");
        domains.forEach((name, c) -> {
            ObjectNode d = ds.putObject(name);
            for (Split s : Split.values()) {
                ObjectNode n = d.putObject(s.id());
                n.put("docs", c.docs()[s.ordinal()]);
                n.put("tokens", c.tokens()[s.ordinal()]);
            }
        });
        try {
            AtomicFiles.writeBytes(tokenDir.resolve(FILE),
                    DocumentJsonl.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the index, or returns null when the packing never finished. */
    public static TokenIndex readIfPresent(Path tokenDir) {
        Path file = tokenDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode root = DocumentJsonl.JSON.readTree(file.toFile());
            Map<String, DomainCounts> domains = new TreeMap<>();
            root.path("domains").fields().forEachRemaining(e -> {
                long[] d = new long[Split.values().length];
                long[] t = new long[Split.values().length];
                for (Split s : Split.values()) {
                    d[s.ordinal()] = e.getValue().path(s.id()).path("docs").asLong();
                    t[s.ordinal()] = e.getValue().path(s.id()).path("tokens").asLong();
                }
                domains.put(e.getKey(), new DomainCounts(d, t));
            });
            return new TokenIndex(root.path("fingerprint").asText(""), domains);
        } catch (IOException e) {
            throw new CorpusFormatException(file + ": unreadable token index (" + e.getMessage() + ")", e);
        }
    }
}
