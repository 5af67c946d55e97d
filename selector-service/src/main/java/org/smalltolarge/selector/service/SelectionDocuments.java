package org.smalltolarge.selector.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.smalltolarge.contracts.EventJson;
import org.smalltolarge.contracts.EventType;
import org.smalltolarge.contracts.events.SelectionRequested;
import org.smalltolarge.kit.messaging.RequestDocuments;
import org.smalltolarge.spec.TrainingSettings;

/**
 * A selection request written as a document (YAML or JSON, the fields of selection.requested.v1): besides the id
 * (the record key) and the time, the optional settings take these defaults: every method, training seed 0, three
 * random selections, seed 0, DsDm with 8 models per scale, factored projection to 1,024 and lambda 100 on the
 * margin, 10,000 n-gram buckets, and the study defaults for training.
 */
public final class SelectionDocuments {

    private SelectionDocuments() {
    }

    /** @throws org.smalltolarge.contracts.MalformedEventException with what is wrong and where */
    public static SelectionRequested parse(String text, String key, String requestedBy) {
        return RequestDocuments.parse(EventType.SELECTION_REQUESTED, "selection_id", text, key, requestedBy,
                SelectionDocuments::defaults);
    }

    static void defaults(ObjectNode d) {
        if (!d.has("methods")) {
            d.putArray("methods").add("dsdm").add("dsdm_worst").add("dsir").add("classifier").add("random");
        }
        if (!d.has("training_seeds")) {
            d.putArray("training_seeds").add(0);
        }
        if (!d.has("random_selections")) {
            d.put("random_selections", 3);
        }
        if (!d.has("seed")) {
            d.put("seed", 0);
        }
        if (!d.has("dsdm")) {
            ObjectNode dsdm = d.putObject("dsdm");
            dsdm.put("ensemble", 8);
            dsdm.putObject("projection").put("kind", "factored").put("k", 1024).put("seed", 0);
            dsdm.put("ridge_lambda", 100.0);
            dsdm.put("output", "margin");
        }
        if (!d.has("ngram_buckets")) {
            d.put("ngram_buckets", 10_000);
        }
        if (!d.has("training")) {
            d.set("training", EventJson.mapper().valueToTree(TrainingSettings.DEFAULTS));
        }
    }
}
