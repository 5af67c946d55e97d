package org.smalltolarge.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Packs a "bring your own data" folder of JSONL files into token files, once per change of its files. */
final class ByoPacker {
    private ByoPacker() {
    }

    static TokenIndex packIfNeeded(Path dir, Path cache) {
        List<Path> files = Corpus.jsonlFiles(dir);
        if (files.isEmpty()) {
            throw new IllegalArgumentException(dir + " is neither a built corpus (no manifest.json) nor a folder"
                    + " of .jsonl files");
        }
        String fingerprint = fingerprint(dir, files);
        TokenIndex existing = TokenIndex.readIfPresent(cache);
        if (existing != null && existing.fingerprint().equals(fingerprint)) {
            return existing;
        }
        try {
            // Removing the index first means a failed repack never leaves stale tokens looking current.
            Files.deleteIfExists(cache.resolve(TokenIndex.FILE));
            Files.createDirectories(cache);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare token cache " + cache + ": " + e.getMessage(), e);
        }
        Map<String, TokenPacker> packers = new TreeMap<>();
        Map<String, String> seen = new HashMap<>();
        try {
            for (Path file : files) {
                String fallback = DocumentJsonl.normaliseDomain(DocumentJsonl.stem(file));
                DocumentJsonl.read(file, fallback, (doc, line) -> {
                    String where = file + ":" + line;
                    String first = seen.putIfAbsent(doc.id(), where);
                    if (first != null) {
                        throw new CorpusFormatException(file, line, "duplicate id '" + doc.id() + "' (first at " + first + ")");
                    }
                    packers.computeIfAbsent(doc.domain(), d -> new TokenPacker(cache, d)).add(doc);
                });
            }
            Map<String, TokenIndex.DomainCounts> counts = new TreeMap<>();
            for (Map.Entry<String, TokenPacker> e : packers.entrySet()) {
                e.getValue().commit();
                counts.put(e.getKey(), TokenIndex.DomainCounts.of(e.getValue()));
            }
            TokenIndex index = new TokenIndex(fingerprint, counts);
            index.write(cache);
            return index;
        } finally {
            packers.values().forEach(TokenPacker::close);
        }
    }

    /** Names, sizes and modification times of the input files: cheap, and changes whenever they do. */
    static String fingerprint(Path dir, List<Path> files) {
        MessageDigest md = Hashing.digest();
        md.update("byo-v1 bytes-v1\n".getBytes(StandardCharsets.UTF_8));
        try {
            for (Path f : files) {
                String line = dir.relativize(f) + "\t" + Files.size(f) + "\t" + Files.getLastModifiedTime(f).toMillis() + "\n";
                md.update(line.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
