package org.smalltolarge.corpus.build;

import org.smalltolarge.corpus.Document;

import java.util.List;
import java.util.Map;

/** One domain of the demo corpus: which packages hold it and how its documents are cut out of them. */
public interface DomainSource {
    String domain();

    String licence();

    List<PackageRef> packages();

    /**
     * Documents in a deterministic order; packages are keyed by their first candidate name. A source with far more
     * text than capBytes may stop early, provided it yields its documents in hash-of-id order (the order the cap
     * keeps them in) and at least capBytes of text.
     */
    List<Document> extract(Map<String, FetchedPackage> packages, long capBytes) throws Exception;
}
