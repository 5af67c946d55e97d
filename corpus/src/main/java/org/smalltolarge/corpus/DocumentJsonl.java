package org.smalltolarge.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ObjLongConsumer;

/**
 * Reads and writes documents as JSON Lines: one object per line with {@code text} and optional {@code id},
 * {@code domain} (or {@code source}, or RedPajama's {@code meta.redpajama_set_name}), {@code split} and {@code meta}.
 */
public final class DocumentJsonl {
    static final ObjectMapper JSON = new ObjectMapper();

    private DocumentJsonl() {
    }

    /** One JSON line with a fixed field order, so equal documents always give equal bytes. */
    public static String toLine(Document d) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", d.id());
        node.put("domain", d.domain());
        node.put("split", d.split().id());
        node.put("text", d.text());
        if (!d.meta().isEmpty()) {
            ObjectNode meta = node.putObject("meta");
            new TreeMap<>(d.meta()).forEach(meta::put);
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void write(Path file, Iterable<Document> docs) {
        AtomicFiles.write(file, out -> {
            for (Document d : docs) {
                out.write(toLine(d).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        });
    }

    /**
     * Streams the documents of one JSONL file. {@code fallbackDomain} is used when a line names no domain
     * (one file per source); the sink also gets the line number. Any malformed line fails with the file and line number.
     */
    public static void read(Path file, String fallbackDomain, ObjLongConsumer<Document> sink) {
        String stem = stem(file);
        long lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                sink.accept(parse(file, lineNo, line, stem, fallbackDomain), lineNo);
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new CorpusFormatException(file, lineNo + 1, "not valid UTF-8 text (at or after this line)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static Document parse(Path file, long lineNo, String line, String stem, String fallbackDomain) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new CorpusFormatException(file, lineNo, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new CorpusFormatException(file, lineNo, "expected a JSON object");
        }
        JsonNode text = node.get("text");
        if (text == null || text.isNull()) {
            throw new CorpusFormatException(file, lineNo, "missing field 'text'");
        }
        if (!text.isTextual()) {
            throw new CorpusFormatException(file, lineNo, "field 'text' must be a string");
        }
        if (text.asText().isEmpty()) {
            throw new CorpusFormatException(file, lineNo, "field 'text' is empty");
        }
        JsonNode idNode = node.get("id");
        String id = idNode == null || idNode.isNull() ? stem + ":" + lineNo : idNode.asText();
        if (id.isEmpty() || id.contains("\t") || id.contains("\n")) {
            throw new CorpusFormatException(file, lineNo, "field 'id' must be non-empty and hold no tab or newline");
        }
        String domain = domainOf(node, fallbackDomain);
        if (domain == null) {
            throw new CorpusFormatException(file, lineNo, "field 'domain' (or 'source') is missing");
        }
        domain = normaliseDomain(domain);
        if (domain.isEmpty()) {
            throw new CorpusFormatException(file, lineNo, "field 'domain' has no letters or digits");
        }
        Split split;
        JsonNode splitNode = node.get("split");
        if (splitNode == null || splitNode.isNull()) {
            split = Split.of(id);
        } else {
            try {
                split = Split.parse(splitNode.asText());
            } catch (IllegalArgumentException e) {
                throw new CorpusFormatException(file, lineNo, "field 'split': " + e.getMessage());
            }
        }
        return new Document(id, domain, split, text.asText(), metaOf(node.get("meta")));
    }

    private static String domainOf(JsonNode node, String fallback) {
        for (String field : new String[] {"domain", "source"}) {
            JsonNode v = node.get(field);
            if (v != null && v.isTextual() && !v.asText().isBlank()) {
                return v.asText();
            }
        }
        JsonNode meta = node.get("meta");
        if (meta != null && meta.isObject()) {
            JsonNode set = meta.get("redpajama_set_name");
            if (set != null && set.isTextual() && !set.asText().isBlank()) {
                return set.asText();
            }
        }
        return fallback;
    }

    /** Domain names become file names: lower snake case of letters and digits ("RedPajamaArXiv" -> "redpajamaarxiv"). */
    public static String normaliseDomain(String raw) {
        String s = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return s.replaceAll("^_+|_+$", "");
    }

    private static Map<String, String> metaOf(JsonNode meta) {
        if (meta == null || !meta.isObject()) {
            return Map.of();
        }
        Map<String, String> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
        }
        return out;
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
