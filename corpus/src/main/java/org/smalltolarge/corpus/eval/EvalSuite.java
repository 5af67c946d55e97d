package org.smalltolarge.corpus.eval;

import java.util.List;

/**
 * A fixed, versioned test set. contentHash is the SHA-256 of exactly the item lines loaded, so a result recorded
 * with it names the items it was computed on.
 */
public record EvalSuite(String name, int version, String scoring, String contentHash, List<EvalItem> items) {
    public EvalSuite {
        items = List.copyOf(items);
    }

    public int size() {
        return items.size();
    }
}
