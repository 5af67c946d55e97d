package org.smalltolarge.corpus;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The corpora a service opens by the name a request gives: "demo" is the built demo corpus of this deployment,
 * anything else a folder of JSONL files. Each is opened once (opening a bring-your-own folder packs its tokens) and
 * shared by every caller of the service. When {@value CorpusStore#URI_ENV} names a corpus in object storage, the
 * demo folder is a cache: the corpus is fetched into it and verified at first use (see {@link CorpusStore}).
 */
public final class Corpora {
    public static final String DEMO = "demo";

    private final Path demoDir;
    private final Optional<CorpusStore> store;
    private final Map<Path, Corpus> open = new ConcurrentHashMap<>();
    private volatile boolean demoFetched;

    /** With the store that the process environment names ({@value CorpusStore#URI_ENV}), if any. */
    public Corpora(Path demoDir) {
        this(demoDir, System::getenv);
    }

    public Corpora(Path demoDir, Function<String, String> env) {
        this.demoDir = demoDir;
        this.store = CorpusStore.fromEnvironment(env);
    }

    /** The demo corpus's folder (it may not be built or fetched yet). */
    public Path demoDir() {
        return demoDir;
    }

    /**
     * The demo corpus's folder, fetched from the store first (once per process) when one is configured; a file that
     * does not match the corpus manifest fails naming the file.
     */
    public Path demoDirFetched() {
        if (store.isPresent() && !demoFetched) {
            synchronized (this) {
                if (!demoFetched) {
                    CorpusStore.fetchOrThrow(store.get(), demoDir, System.out);
                    demoFetched = true;
                }
            }
        }
        return demoDir;
    }

    public Corpus open(String name) {
        Path dir = (DEMO.equals(name) ? demoDirFetched() : Path.of(name)).toAbsolutePath();
        return open.computeIfAbsent(dir, Corpus::open);
    }
}
