package org.smalltolarge.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.smalltolarge.objectstore.S3Client;
import org.smalltolarge.objectstore.S3Exception;
import org.smalltolarge.objectstore.S3Location;
import org.smalltolarge.objectstore.S3Settings;

/**
 * A built corpus in S3-compatible object storage ({@code s3://bucket/prefix/<path>} for every file of the folder),
 * so that pods on any node get it without a shared volume: a Job builds it once and {@link #upload}s it; each
 * service {@link #fetch}es it into its local corpus folder at first use. The corpus's own {@code manifest.json}
 * (the sha256 of every file, written by {@code bin/data build}) is the check on both sides: an upload refuses a
 * local file that does not match it, a fetch refuses a fetched file that does not match it, naming the file, and
 * the manifest is written last on both sides, so a folder (or prefix) with a manifest is complete. A fetched folder
 * whose manifest equals the store's and whose files all verify is used again after a restart without a download.
 */
public final class CorpusStore {
    /** The corpus's location, e.g. {@code s3://s2l/corpus}; when set, services fetch the demo corpus from there. */
    public static final String URI_ENV = "S2L_CORPUS_URI";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHA256_META = "sha256";

    private final S3Client client;
    private final S3Location root;

    public CorpusStore(S3Client client, S3Location root) {
        this.client = client;
        this.root = root;
    }

    /** The store named by {@code corpusUri} (an {@code s3://} URI), with S3 settings from {@code env}. */
    public static CorpusStore at(String corpusUri, Function<String, String> env) {
        if (!corpusUri.startsWith("s3://")) {
            throw new IllegalArgumentException(URI_ENV + "='" + corpusUri + "' is not an s3://bucket/prefix URI");
        }
        return new CorpusStore(new S3Client(S3Settings.fromEnvironment(env)), S3Location.parse(corpusUri));
    }

    /** The store that {@value #URI_ENV} names, if it is set. */
    public static Optional<CorpusStore> fromEnvironment(Function<String, String> env) {
        String uri = env.apply(URI_ENV);
        return uri == null || uri.isBlank() ? Optional.empty() : Optional.of(at(uri.trim(), env));
    }

    public S3Location root() {
        return root;
    }

    /** Creates the bucket (one that exists and is ours is fine): for a first upload to a fresh server. */
    public void createBucket() throws IOException {
        client.createBucket(root.bucket());
    }

    /** What a fetch or an upload did. */
    public record Transfer(int files, int transferred, long bytesTransferred) {
    }

    /**
     * Uploads the built corpus in {@code dir}: verifies every file against its manifest first (a damaged corpus is
     * never published), sends the files the store does not already hold with the same sha256, and the manifest last.
     */
    public Transfer upload(Path dir, PrintStream log) throws IOException {
        Path manifestFile = dir.resolve(CorpusManifest.FILE);
        if (!Files.isRegularFile(manifestFile)) {
            throw new IllegalStateException(dir + " has no " + CorpusManifest.FILE + ": not a built corpus (build it"
                    + " with 'bin/data build --out " + dir + "')");
        }
        Map<String, String> files = listedFiles(Files.readAllBytes(manifestFile), manifestFile.toString());
        int sent = 0;
        long bytes = 0;
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path file = dir.resolve(e.getKey());
            String actual = Files.isRegularFile(file) ? Hashing.sha256Hex(file) : null;
            if (!e.getValue().equals(actual)) {
                throw new IllegalStateException("corpus file " + e.getKey() + " in " + dir + (actual == null
                        ? " is missing" : " has sha256 " + actual) + ", but " + CorpusManifest.FILE + " says "
                        + e.getValue() + ": rebuild the corpus (bin/data build) before uploading it");
            }
            S3Location key = root.resolve(e.getKey());
            Optional<S3Client.ObjectInfo> there = client.head(key);
            if (there.isPresent() && there.get().size() == Files.size(file)
                    && e.getValue().equals(there.get().metadata().get(SHA256_META))) {
                continue;
            }
            client.putFile(key, file, Map.of(SHA256_META, e.getValue()));
            sent++;
            bytes += Files.size(file);
            log.println("uploaded " + e.getKey() + " (" + Files.size(file) + " bytes)");
        }
        client.putFile(root.resolve(CorpusManifest.FILE), manifestFile,
                Map.of(SHA256_META, Hashing.sha256Hex(manifestFile)));
        return new Transfer(files.size(), sent, bytes);
    }

    /**
     * Makes {@code dir} a verified copy of the corpus in the store. Kept as it is when its manifest equals the
     * store's and every file has its recorded sha256; otherwise each missing or different file is downloaded (into a
     * temporary name), checked against the manifest and renamed into place, and the manifest is written last. A
     * fetched file that does not match is an error naming the file and where it came from.
     */
    public Transfer fetch(Path dir, PrintStream log) throws IOException {
        byte[] manifest;
        try {
            manifest = client.getBytes(root.resolve(CorpusManifest.FILE));
        } catch (S3Exception e) {
            if (e.notFound()) {
                throw new IllegalStateException("no corpus at " + root + ": " + CorpusManifest.FILE + " is missing"
                        + " there (upload one with 'bin/data upload --to " + root + "')", e);
            }
            throw e;
        }
        Map<String, String> files = listedFiles(manifest, root.resolve(CorpusManifest.FILE).uri());
        Path manifestFile = dir.resolve(CorpusManifest.FILE);
        boolean sameManifest = Files.isRegularFile(manifestFile)
                && Arrays.equals(Files.readAllBytes(manifestFile), manifest);
        if (!sameManifest) {
            // from here until the new manifest is written, Corpus.open refuses the folder as an unfinished build
            Files.deleteIfExists(manifestFile);
        }
        Files.createDirectories(dir);
        int fetched = 0;
        long bytes = 0;
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (Files.isRegularFile(file) && e.getValue().equals(Hashing.sha256Hex(file))) {
                continue;
            }
            if (sameManifest) {
                log.println("corpus file " + e.getKey() + " in " + dir + " is missing or changed: fetched again");
                Files.deleteIfExists(manifestFile);
                sameManifest = false;
            }
            S3Location source = root.resolve(e.getKey());
            // a temporary name of its own: pods (or services) sharing a folder may fetch at the same time
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".fetch");
            try {
                client.getFile(source, temp);
            } catch (S3Exception notThere) {
                Files.deleteIfExists(temp);
                if (notThere.notFound()) {
                    throw new IllegalStateException("corpus file " + e.getKey() + " is listed in " + root + "/"
                            + CorpusManifest.FILE + " but missing from the store (" + source + "): upload the corpus"
                            + " again (bin/data upload)", notThere);
                }
                throw notThere;
            }
            String actual = Hashing.sha256Hex(temp);
            if (!actual.equals(e.getValue())) {
                Files.deleteIfExists(temp);
                throw new IllegalStateException("corpus file " + e.getKey() + " fetched from " + source + " has sha256 "
                        + actual + ", but " + CorpusManifest.FILE + " says " + e.getValue() + ": the copy in the store"
                        + " is damaged; upload the corpus again (bin/data upload)");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            fetched++;
            bytes += Files.size(file);
        }
        if (!sameManifest) {
            Path temp = Files.createTempFile(dir, "." + CorpusManifest.FILE + ".", ".fetch");
            Files.write(temp, manifest);
            Files.move(temp, manifestFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return new Transfer(files.size(), fetched, bytes);
    }

    /** path -> sha256 from a corpus manifest; paths must stay inside the corpus folder. */
    private static Map<String, String> listedFiles(byte[] manifest, String where) {
        JsonNode m;
        try {
            m = JSON.readTree(manifest);
        } catch (IOException e) {
            throw new IllegalStateException(where + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!CorpusManifest.FORMAT.equals(m.path("format").asText())) {
            throw new IllegalStateException(where + " has format '" + m.path("format").asText() + "', expected '"
                    + CorpusManifest.FORMAT + "'");
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (var it = m.path("files").fields(); it.hasNext(); ) {
            var e = it.next();
            String path = e.getKey();
            for (String segment : path.split("/", -1)) {
                if (!segment.matches("[A-Za-z0-9._-]+") || segment.equals(".") || segment.equals("..")) {
                    throw new IllegalStateException(where + " lists '" + path + "', which is not a path inside the"
                            + " corpus folder");
                }
            }
            if (path.equals(CorpusManifest.FILE) || !e.getValue().asText().matches("[0-9a-f]{64}")) {
                throw new IllegalStateException(where + " lists '" + path + "' with sha256 '" + e.getValue().asText()
                        + "'");
            }
            files.put(path, e.getValue().asText());
        }
        if (files.isEmpty()) {
            throw new IllegalStateException(where + " lists no files");
        }
        return files;
    }

    /** For callers that cannot throw checked exceptions (a service's first use of its corpus). */
    static void fetchOrThrow(CorpusStore store, Path dir, PrintStream log) {
        try {
            long t0 = System.nanoTime();
            Transfer t = store.fetch(dir, log);
            log.printf("corpus %s in %s: %d files verified against %s, %d downloaded (%.1f MB) in %.1f s%n",
                    store.root(), dir, t.files(), CorpusManifest.FILE, t.transferred(), t.bytesTransferred() / 1e6,
                    (System.nanoTime() - t0) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch the corpus from " + store.root() + " into " + dir + ": "
                    + e.getMessage(), e);
        }
    }
}
