package org.smalltolarge.corpus;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The corpora a service opens by the name a request gives: "demo" is the built demo corpus of this deployment,
 * anything else a folder of JSONL files. Each is opened once (opening a bring-your-own folder packs its tokens) and
 * shared by every caller of the service.
 */
public final class Corpora {
    public static final String DEMO = "demo";

    private final Path demoDir;
    private final Map<Path, Corpus> open = new ConcurrentHashMap<>();

    public Corpora(Path demoDir) {
        this.demoDir = demoDir;
    }

    /** The demo corpus's folder (it may not be built yet). */
    public Path demoDir() {
        return demoDir;
    }

    public Corpus open(String name) {
        Path dir = (DEMO.equals(name) ? demoDir : Path.of(name)).toAbsolutePath();
        return open.computeIfAbsent(dir, Corpus::open);
    }
}
