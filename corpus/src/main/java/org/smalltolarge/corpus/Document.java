package org.smalltolarge.corpus;

import java.util.Map;
import java.util.Objects;

/** One document of one domain: the unit that splits, caps and attribution name. */
public record Document(String id, String domain, Split split, String text, Map<String, String> meta) {
    public Document {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(text, "text");
        meta = meta == null ? Map.of() : Map.copyOf(meta);
    }

    /** A document whose split follows from its id. */
    public static Document of(String id, String domain, String text, Map<String, String> meta) {
        return new Document(id, domain, Split.of(id), text, meta);
    }
}
