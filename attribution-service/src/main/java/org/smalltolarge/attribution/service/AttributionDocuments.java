package org.smalltolarge.attribution.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.MalformedEventException;
import org.smalltolarge.contracts.events.AttributionRequested;
import org.smalltolarge.spec.SpecParseException;
import org.smalltolarge.spec.StudySpecs;

/**
 * An attribution request written as a document (YAML or JSON with the fields of attribution.requested.v1), as users
 * publish it from a file or POST it: {@code attribution_id} defaults to the given key, {@code requested_at} to now.
 */
public final class AttributionDocuments {

    private AttributionDocuments() {
    }

    /** @throws MalformedEventException with what is wrong and where (line and column for YAML/JSON syntax) */
    public static AttributionRequested parse(String text, String key, String requestedBy) {
        JsonNode tree;
        try {
            tree = StudySpecs.parse(text);
        } catch (SpecParseException e) {
            throw new MalformedEventException(e.getMessage(), e);
        }
        if (!(tree instanceof ObjectNode document)) {
            throw new MalformedEventException("an attribution document is a mapping of fields, got "
                    + tree.getNodeType());
        }
        if (!document.has("attribution_id") && key != null) {
            document.put("attribution_id", key);
        }
        if (!document.has("requested_at")) {
            document.put("requested_at", Instant.now().toString());
        }
        if (!document.has("requested_by")) {
            document.put("requested_by", requestedBy);
        }
        return EventJson.decode(EventType.ATTRIBUTION_REQUESTED, document.toString());
    }
}
