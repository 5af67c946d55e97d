package org.smalltolarge.lm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.smalltolarge.objectstore.S3Client;
import org.smalltolarge.objectstore.Sha256;
import org.smalltolarge.objectstore.S3Exception;
import org.smalltolarge.objectstore.S3Location;

/**
 * Checkpoints in S3-compatible object storage, {@code s3://bucket/prefix/<run id>/step-NNNNNNNNN/}, for clusters
 * without a volume that every node can mount. A worker trains in a local working directory
 * ({@code <local>/<run id>/step-N}); {@link #publish} uploads a checkpoint's files first and {@code manifest.json}
 * last, so a visible manifest means a complete upload. {@link #restore} brings a claimed run's newest intact
 * checkpoint from the store to a worker on another node. Consumers fetch into a cache,
 * {@code <cache>/<bucket>/<prefix>/<run id>/step-N} (the run's folder name is kept, so
 * {@link Checkpoints#checkFinalOf} holds), and every file is verified against the manifest there.
 */
public final class S3CheckpointStore implements CheckpointStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STEP_DIR = Pattern.compile("step-(\\d{9,})");
    private static final String SHA256_META = "sha256";

    private final S3Client client;
    private final S3Location root; // null: fetches only
    private final Path local;
    private final Map<Path, Object> locks = new ConcurrentHashMap<>();

    private S3CheckpointStore(S3Client client, S3Location root, Path local) {
        this.client = client;
        this.root = root;
        this.local = local.toAbsolutePath().normalize();
    }

    /** A store that trains in {@code workDir} and keeps checkpoints under {@code root}. */
    public static S3CheckpointStore writing(S3Client client, S3Location root, Path workDir) {
        return new S3CheckpointStore(client, root, workDir);
    }

    /** A store that fetches {@code s3://} checkpoints (any bucket the credentials read) into {@code cacheDir}. */
    public static S3CheckpointStore reading(S3Client client, Path cacheDir) {
        return new S3CheckpointStore(client, null, cacheDir);
    }

    @Override
    public Path workingDirectory(String runId) throws IOException {
        checkRunId(runId);
        writableRoot();
        return Files.createDirectories(local.resolve(runId));
    }

    /**
     * Uploads the checkpoint (files whose size and sha256 the store already has are skipped) and returns its
     * {@code s3://} URI. Called for every checkpoint a worker keeps, so another worker can resume from it.
     */
    @Override
    public String publish(String runId, Path checkpoint) throws IOException {
        Path dir = checkpoint.toAbsolutePath().normalize();
        if (!dir.getParent().equals(workingDirectory(runId)) || !STEP_DIR.matcher(dir.getFileName().toString())
                .matches()) {
            throw new IllegalArgumentException(checkpoint + " is not a checkpoint folder of run '" + runId + "' in the"
                    + " working directory " + local.resolve(runId));
        }
        Checkpoints.verify(dir); // never upload a damaged checkpoint; so the manifest's sha256 are the files'
        S3Location target = writableRoot().resolve(runId + "/" + dir.getFileName());
        for (Map.Entry<String, String> listed : listedFiles(dir.resolve(Checkpoints.MANIFEST_FILE), target)
                .entrySet()) {
            String name = listed.getKey();
            Path file = dir.resolve(name);
            String sha256 = listed.getValue();
            S3Location key = target.resolve(name);
            Optional<S3Client.ObjectInfo> there = client.head(key);
            if (there.isPresent() && there.get().size() == Files.size(file)
                    && sha256.equals(there.get().metadata().get(SHA256_META))) {
                continue;
            }
            client.putFile(key, file, Map.of(SHA256_META, sha256));
        }
        Path manifest = dir.resolve(Checkpoints.MANIFEST_FILE);
        client.putFile(target.resolve(Checkpoints.MANIFEST_FILE), manifest,
                Map.of(SHA256_META, Sha256.hex(manifest)));
        return target.uri() + "/";
    }

    /**
     * Makes the newest intact checkpoint of {@code runId} in the store available in the local working directory, and
     * returns that directory. Newest first: one already there intact ends the search; otherwise it is downloaded and
     * verified; one that is damaged or incomplete in the store is passed over, reported to {@code notes}. Local
     * checkpoints are left for {@code CheckpointRecovery}-style recovery to choose from.
     */
    @Override
    public Path restore(String runId, Consumer<String> notes) throws IOException {
        Path runDir = workingDirectory(runId);
        S3Location runRoot = writableRoot().resolve(runId);
        List<String> steps = new ArrayList<>();
        for (String name : client.listFolders(runRoot)) {
            if (STEP_DIR.matcher(name).matches()) {
                steps.add(name);
            }
        }
        steps.sort(Comparator.comparingLong((String s) -> Long.parseLong(s.substring(5))).reversed());
        for (String step : steps) {
            Path there = runDir.resolve(step);
            if (intact(there)) {
                return runDir;
            }
            S3Location remote = runRoot.resolve(step);
            try {
                download(remote, there, manifestBytes(remote), null);
                notes.accept("checkpoint " + step + " fetched from " + remote.uri());
                return runDir;
            } catch (CheckpointException e) {
                notes.accept("checkpoint " + step + " in the store is unusable (" + e.getMessage()
                        + "); passed over and an older one tried");
            }
        }
        return runDir;
    }

    @Override
    public Path fetch(String uri) throws CheckpointException {
        S3Location remote = location(uri);
        byte[] manifest = manifestBytesOrRefuse(remote, uri);
        return download(remote, cachePath(remote), manifest, uri);
    }

    /** Refuses a mismatch from the manifest alone, before any large file is downloaded. */
    @Override
    public Path fetchVerified(CheckpointRef ref) throws CheckpointException {
        S3Location remote = location(ref.uri());
        byte[] manifest = manifestBytesOrRefuse(remote, ref.uri());
        String actual = Sha256.hex(manifest);
        if (!actual.equals(ref.manifestSha256())) {
            throw new CheckpointException("checkpoint sha256 mismatch: " + remote.resolve(Checkpoints.MANIFEST_FILE)
                    + " has sha256 " + actual + " but " + ref.manifestSha256() + " was announced (the checkpoint was"
                    + " replaced or damaged after it was announced)", null);
        }
        return download(remote, cachePath(remote), manifest, ref.uri());
    }

    /** Deletes a fetched copy in the cache of a reading store; a training store's working folders stay. */
    @Override
    public void release(Path fetched) throws IOException {
        Path dir = fetched.toAbsolutePath().normalize();
        if (root != null || !dir.startsWith(local) || dir.equals(local)) {
            return;
        }
        synchronized (locks.computeIfAbsent(dir, t -> new Object())) {
            Checkpoints.deleteRecursively(dir);
        }
    }

    // ------------------------------------------------------------------------------------------------ internals

    /**
     * Puts the checkpoint at {@code remote} into {@code target}: kept when the folder there has this manifest and
     * verifies; otherwise assembled in a temporary sibling (files first, manifest last), verified, and renamed into
     * place. A damaged or incomplete remote checkpoint is a {@link CheckpointException} naming the file and URI.
     */
    private Path download(S3Location remote, Path target, byte[] manifest, String announcedAs)
            throws CheckpointException {
        Object lock = locks.computeIfAbsent(target, t -> new Object());
        synchronized (lock) {
            String where = announcedAs != null ? announcedAs : remote.uri();
            try {
                Path existing = target.resolve(Checkpoints.MANIFEST_FILE);
                if (Files.isRegularFile(existing) && Arrays.equals(Files.readAllBytes(existing), manifest)
                        && intact(target)) {
                    return target;
                }
                Files.createDirectories(target.getParent());
                Path temp = Files.createTempDirectory(target.getParent(), ".fetch-" + target.getFileName() + "-");
                try {
                    Path manifestTemp = temp.resolve(Checkpoints.MANIFEST_FILE + ".part");
                    Files.write(manifestTemp, manifest);
                    for (String name : listedFiles(manifestTemp, remote).keySet()) {
                        try {
                            client.getFile(remote.resolve(name), temp.resolve(name));
                        } catch (S3Exception e) {
                            if (e.notFound()) {
                                throw new CheckpointException("checkpoint " + where + ": file " + name
                                        + " listed in the manifest is missing from the store", e);
                            }
                            throw e;
                        }
                    }
                    Files.move(manifestTemp, temp.resolve(Checkpoints.MANIFEST_FILE), StandardCopyOption.ATOMIC_MOVE);
                    try {
                        Checkpoints.verify(temp);
                    } catch (CheckpointException e) {
                        throw new CheckpointException("checkpoint " + where + " is damaged in the store: "
                                + e.getMessage().replace("checkpoint " + temp + ": ", ""), e);
                    }
                    if (Files.exists(target)) { // stale or damaged: kept aside, never half-replaced
                        Path aside = target.resolveSibling(target.getFileName() + ".replaced-" + System.nanoTime());
                        Files.move(target, aside);
                        Checkpoints.deleteRecursively(aside);
                    }
                    return Checkpoints.moveIntoPlace(temp, target);
                } finally {
                    Checkpoints.deleteRecursively(temp);
                }
            } catch (CheckpointException e) {
                throw e;
            } catch (IOException e) {
                throw new CheckpointException("cannot fetch checkpoint " + where + " into " + target + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private byte[] manifestBytes(S3Location remote) throws IOException {
        try {
            return client.getBytes(remote.resolve(Checkpoints.MANIFEST_FILE));
        } catch (S3Exception e) {
            if (e.notFound()) {
                throw new CheckpointException("no checkpoint at " + remote.uri() + " (" + Checkpoints.MANIFEST_FILE
                        + " is missing: the upload did not finish, or nothing is there)", e);
            }
            throw e;
        }
    }

    private byte[] manifestBytesOrRefuse(S3Location remote, String uri) throws CheckpointException {
        try {
            return manifestBytes(remote);
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointException("cannot fetch checkpoint " + uri + ": " + e.getMessage(), e);
        }
    }

    /**
     * The files a manifest lists, name to sha256 (plain names only: a manifest read from the store must not name
     * other paths).
     */
    private static Map<String, String> listedFiles(Path manifest, S3Location where) throws CheckpointException {
        JsonNode files;
        try {
            files = JSON.readTree(manifest.toFile()).path("files");
        } catch (IOException e) {
            throw new CheckpointException("checkpoint " + where + ": " + Checkpoints.MANIFEST_FILE
                    + " is not valid JSON: " + e.getMessage(), e);
        }
        Map<String, String> names = new java.util.LinkedHashMap<>();
        for (var it = files.fields(); it.hasNext(); ) {
            var entry = it.next();
            String name = entry.getKey();
            if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".") || name.equals(Checkpoints.MANIFEST_FILE)) {
                throw new CheckpointException("checkpoint " + where + ": " + Checkpoints.MANIFEST_FILE + " lists '"
                        + name + "', which is not a checkpoint file name", null);
            }
            names.put(name, entry.getValue().path("sha256").asText());
        }
        if (names.isEmpty()) {
            throw new CheckpointException("checkpoint " + where + ": " + Checkpoints.MANIFEST_FILE
                    + " lists no files", null);
        }
        return names;
    }

    private static boolean intact(Path dir) {
        if (!Files.isRegularFile(dir.resolve(Checkpoints.MANIFEST_FILE))) {
            return false;
        }
        try {
            Checkpoints.verify(dir);
            return true;
        } catch (CheckpointException e) {
            return false;
        }
    }

    private S3Location location(String uri) throws CheckpointException {
        S3Location remote;
        try {
            remote = S3Location.parse(uri);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("checkpoint URI '" + uri + "' is not usable: " + e.getMessage(), e);
        }
        List<String> segments = remote.segments();
        Matcher step = segments.isEmpty() ? null : STEP_DIR.matcher(segments.get(segments.size() - 1));
        if (step == null || !step.matches() || segments.size() < 2) {
            throw new CheckpointException("checkpoint URI '" + uri + "' does not name a checkpoint"
                    + " (s3://bucket/prefix/<run id>/step-NNNNNNNNN/)", null);
        }
        return remote;
    }

    private Path cachePath(S3Location remote) {
        Path path = local.resolve(remote.bucket());
        for (String segment : remote.segments()) {
            path = path.resolve(segment);
        }
        return path;
    }

    private S3Location writableRoot() {
        if (root == null) {
            throw new UnsupportedOperationException("a reading S3 checkpoint store has no location to write to");
        }
        return root;
    }

    private static void checkRunId(String runId) {
        if (!runId.matches("[A-Za-z0-9._-]+") || runId.startsWith(".")) {
            throw new IllegalArgumentException("run id '" + runId + "' is not usable as a directory name");
        }
    }

    @Override
    public String toString() {
        return "S3CheckpointStore[" + (root == null ? "reading" : root.uri()) + ", local " + local + ", "
                + client.settings().endpoint() + "]";
    }
}
