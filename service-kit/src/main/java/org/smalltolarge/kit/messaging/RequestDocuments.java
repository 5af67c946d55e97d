package org.smalltolarge.kit.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.function.Consumer;
import org.smalltolarge.contracts.Event;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.MalformedEventException;
import org.smalltolarge.spec.SpecParseException;
import org.smalltolarge.spec.StudySpecs;

/**
 * A request written as a document (YAML or JSON with the fields of its event type), as users publish it from a file
 * with a stock Kafka client or POST it: the id field defaults to the record key, {@code requested_at} to now,
 * {@code requested_by} to where it came from, and each service may fill its own optional fields.
 */
public final class RequestDocuments {

    private RequestDocuments() {
    }

    /**
     * @param idField  the request's id field, e.g. "attribution_id"
     * @param defaults fills fields the document may leave out (runs after the id and time are set)
     * @throws MalformedEventException with what is wrong and where (line and column for YAML/JSON syntax)
     */
    public static <E extends Event> E parse(EventType type, String idField, String text, String key,
                                            String requestedBy, Consumer<ObjectNode> defaults) {
        JsonNode tree;
        try {
            tree = StudySpecs.parse(text);
        } catch (SpecParseException e) {
            throw new MalformedEventException(e.getMessage(), e);
        }
        if (!(tree instanceof ObjectNode document)) {
            throw new MalformedEventException("a " + type.type() + " document is a mapping of fields, got "
                    + tree.getNodeType());
        }
        if (!document.has(idField) && key != null) {
            document.put(idField, key);
        }
        if (!document.has("requested_at")) {
            document.put("requested_at", Instant.now().toString());
        }
        if (!document.has("requested_by")) {
            document.put("requested_by", requestedBy);
        }
        defaults.accept(document);
        return EventJson.decode(type, document.toString());
    }
}
