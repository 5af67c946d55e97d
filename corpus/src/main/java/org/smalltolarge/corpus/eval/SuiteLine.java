package org.smalltolarge.corpus.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.smalltolarge.corpus.ByteTokenizer;
import org.smalltolarge.corpus.CorpusFormatException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One suite item as stored on disk: text, not tokens, so another tokenizer could score it too. */
public record SuiteLine(String id, String suite, EvalItem.Kind kind, String domain, String context,
                        List<String> options, int answer) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", id);
        n.put("suite", suite);
        n.put("kind", kind.name());
        if (domain != null) {
            n.put("domain", domain);
        }
        n.put("context", context);
        ArrayNode opts = n.putArray("options");
        options.forEach(opts::add);
        n.put("answer", answer);
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SuiteLine parse(Path file, long lineNo, String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new CorpusFormatException(file, lineNo, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        for (String f : new String[] {"id", "suite", "kind", "context", "options", "answer"}) {
            if (n == null || !n.hasNonNull(f)) {
                throw new CorpusFormatException(file, lineNo, "missing field '" + f + "'");
            }
        }
        List<String> options = new ArrayList<>();
        n.get("options").forEach(o -> options.add(o.asText()));
        EvalItem.Kind kind;
        try {
            kind = EvalItem.Kind.valueOf(n.get("kind").asText());
        } catch (IllegalArgumentException e) {
            throw new CorpusFormatException(file, lineNo, "field 'kind' must be TEXT, CLOZE or CHOICE");
        }
        return new SuiteLine(n.get("id").asText(), n.get("suite").asText(), kind,
                n.hasNonNull("domain") ? n.get("domain").asText() : null, n.get("context").asText(), options,
                n.get("answer").asInt());
    }

    public EvalItem toItem() {
        List<int[]> opts = new ArrayList<>();
        options.forEach(o -> opts.add(ByteTokenizer.encode(o)));
        return new EvalItem(id, suite, kind, domain, ByteTokenizer.encode(context), opts, answer);
    }
}
