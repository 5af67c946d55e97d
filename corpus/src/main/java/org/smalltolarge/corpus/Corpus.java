package org.smalltolarge.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A packed corpus: domains, each with train/val/test token files. Either the demo corpus written by
 * {@code bin/data build} (a folder with {@code manifest.json} and {@code tokens/}) or any folder of JSONL
 * files ("bring your own data"), whose tokens are packed on first open into a cache folder.
 */
public final class Corpus {
    /** The cache folder created inside a BYO folder when no other cache folder is given. */
    public static final String BYO_CACHE = ".s2l-tokens";

    private final Path dir;
    private final Path tokenDir;
    private final TokenIndex index;
    private final Map<String, TokenFile> open = new ConcurrentHashMap<>();

    private Corpus(Path dir, Path tokenDir, TokenIndex index) {
        this.dir = dir;
        this.tokenDir = tokenDir;
        this.index = index;
    }

    public static Corpus open(Path dir) {
        return open(dir, null);
    }

    /** Opens a built corpus, or a BYO JSONL folder whose packed tokens go under cacheDir (null: inside dir). */
    public static Corpus open(Path dir, Path cacheDir) {
        if (!Files.isDirectory(dir)) {
            // also the message when a study points at a corpus that was never built
            throw new IllegalArgumentException("corpus folder " + dir + " does not exist (build the demo corpus with"
                    + " 'bin/data build --out " + dir + "', or point at a folder of .jsonl files)");
        }
        boolean built = Files.exists(dir.resolve(CorpusManifest.FILE))
                || Files.isDirectory(dir.resolve("docs")) && Files.isDirectory(dir.resolve("tokens"));
        if (built) {
            if (!Files.isRegularFile(dir.resolve(CorpusManifest.FILE))) {
                throw new IllegalStateException(dir + " has no " + CorpusManifest.FILE
                        + ": the build did not finish; run 'bin/data build --out " + dir + "' again");
            }
            Path tokens = dir.resolve("tokens");
            TokenIndex index = TokenIndex.readIfPresent(tokens);
            if (index == null) {
                throw new IllegalStateException(tokens + " has no " + TokenIndex.FILE + ": rebuild the corpus");
            }
            return new Corpus(dir, tokens, index);
        }
        Path cache = cacheDir != null ? cacheDir : dir.resolve(BYO_CACHE);
        return new Corpus(dir, cache, ByoPacker.packIfNeeded(dir, cache));
    }

    public Path dir() {
        return dir;
    }

    /** A digest of the packed data (changes whenever any token file would). */
    public String fingerprint() {
        return index.fingerprint();
    }

    public Set<String> domains() {
        return index.domains().keySet();
    }

    public long docCount(String domain, Split split) {
        return counts(domain).docs()[split.ordinal()];
    }

    /** Tokens of a split, one EOD per document included. */
    public long tokenCount(String domain, Split split) {
        return counts(domain).tokens()[split.ordinal()];
    }

    public TokenFile tokens(String domain, Split split) {
        counts(domain);
        return open.computeIfAbsent(domain + "." + split.id(), k -> TokenFile.open(
                TokenPacker.binFile(tokenDir, domain, split), TokenPacker.idxFile(tokenDir, domain, split)));
    }

    /** Where a document lives, or null when no split of any domain holds it. */
    public DocRef locate(String docId) {
        for (String d : domains()) {
            for (Split s : Split.values()) {
                TokenFile f = tokens(d, s);
                int i = f.indexOf(docId);
                if (i >= 0) {
                    return new DocRef(docId, d, s, i);
                }
            }
        }
        return null;
    }

    public record DocRef(String id, String domain, Split split, int index) {
    }

    private TokenIndex.DomainCounts counts(String domain) {
        TokenIndex.DomainCounts c = index.domains().get(domain);
        if (c == null) {
            throw new IllegalArgumentException("unknown domain '" + domain + "'; this corpus has " + domains());
        }
        return c;
    }

    /** All JSONL files under a BYO folder, sorted, skipping the token cache. */
    static List<Path> jsonlFiles(Path dir) {
        try (var walk = Files.walk(dir)) {
            List<Path> files = new ArrayList<>(walk
                    .filter(p -> p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p))
                    .filter(p -> !dir.relativize(p).toString().startsWith(BYO_CACHE))
                    .toList());
            Collections.sort(files);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
