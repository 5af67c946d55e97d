package org.smalltolarge.corpus;

/** Names of the built corpus's top-level manifest: written last, so its presence marks a complete build. */
public final class CorpusManifest {
    public static final String FILE = "manifest.json";
    public static final String FORMAT = "s2l-corpus";

    private CorpusManifest() {
    }
}
