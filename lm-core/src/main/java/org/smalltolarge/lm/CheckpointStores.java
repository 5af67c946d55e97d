package org.smalltolarge.lm;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import org.smalltolarge.objectstore.S3Client;
import org.smalltolarge.objectstore.S3Location;
import org.smalltolarge.objectstore.S3Settings;

/**
 * Picks the checkpoint store by URI scheme, so services only name a location: {@code s3://bucket/prefix} is the
 * object store ({@link S3CheckpointStore}; endpoint and credentials from {@link S3Settings}'s environment variables),
 * anything else, or nothing, the directory store. Consumers get a store that fetches {@code file:} and {@code s3://}
 * URIs alike.
 */
public final class CheckpointStores {
    /** Where consumers cache fetched {@code s3://} checkpoints; default {@code <java.io.tmpdir>/s2l-checkpoints}. */
    public static final String CACHE_DIR_ENV = "S2L_CHECKPOINT_CACHE_DIR";

    private CheckpointStores() {
    }

    /**
     * The store a training worker writes to: {@code storeUri} {@code s3://...} keeps checkpoints there and trains in
     * {@code localDir}; null or blank keeps them in the directory store under {@code localDir}.
     */
    public static CheckpointStore forTraining(String storeUri, Path localDir, Function<String, String> env) {
        if (storeUri == null || storeUri.isBlank()) {
            return new DirectoryCheckpointStore(localDir);
        }
        String uri = storeUri.trim();
        if (uri.startsWith("file:")) {
            return new DirectoryCheckpointStore(Path.of(URI.create(uri)));
        }
        if (!uri.startsWith("s3://")) {
            throw new IllegalArgumentException("checkpoint store '" + uri + "' is neither s3://bucket/prefix nor a"
                    + " file: URI");
        }
        return S3CheckpointStore.writing(new S3Client(S3Settings.fromEnvironment(env)), S3Location.parse(uri),
                localDir);
    }

    /** As {@link #forTraining(String, Path, Function)} with the process environment. */
    public static CheckpointStore forTraining(String storeUri, Path localDir) {
        return forTraining(storeUri, localDir, System::getenv);
    }

    /** A store for consumers of published checkpoints: {@code file:} and {@code s3://} URIs, fetching only. */
    public static CheckpointStore forReading(Function<String, String> env) {
        return new Reading(env);
    }

    /** As {@link #forReading(Function)} with the process environment. */
    public static CheckpointStore forReading() {
        return forReading(System::getenv);
    }

    /** Dispatches by scheme; the S3 side is set up at the first {@code s3://} URI, so a file:-only deployment needs no S3 settings. */
    private static final class Reading implements CheckpointStore {
        private final Function<String, String> env;
        private final CheckpointStore files = DirectoryCheckpointStore.readOnly();
        private CheckpointStore s3;

        Reading(Function<String, String> env) {
            this.env = Objects.requireNonNull(env);
        }

        @Override
        public Path workingDirectory(String runId) {
            throw new UnsupportedOperationException("a reading checkpoint store has no working directories");
        }

        @Override
        public String publish(String runId, Path checkpoint) {
            throw new UnsupportedOperationException("a reading checkpoint store publishes nothing");
        }

        @Override
        public Path fetch(String uri) throws CheckpointException {
            return storeFor(uri).fetch(uri);
        }

        @Override
        public Path fetchVerified(CheckpointRef ref) throws CheckpointException {
            return storeFor(ref.uri()).fetchVerified(ref);
        }

        @Override
        public void release(Path fetched) throws java.io.IOException {
            CheckpointStore copies;
            synchronized (this) {
                copies = s3;
            }
            if (copies != null) {
                copies.release(fetched);
            }
        }

        private synchronized CheckpointStore storeFor(String uri) throws CheckpointException {
            if (uri == null || !uri.startsWith("s3://")) {
                return files;
            }
            if (s3 == null) {
                try {
                    String cache = env.apply(CACHE_DIR_ENV);
                    Path dir = cache == null || cache.isBlank()
                            ? Path.of(System.getProperty("java.io.tmpdir"), "s2l-checkpoints") : Path.of(cache.trim());
                    s3 = S3CheckpointStore.reading(new S3Client(S3Settings.fromEnvironment(env)), dir);
                } catch (IllegalArgumentException e) {
                    throw new CheckpointException("cannot fetch checkpoint " + uri + ": " + e.getMessage(), e);
                }
            }
            return s3;
        }
    }
}
