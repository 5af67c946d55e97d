package org.smalltolarge.lm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.smalltolarge.objectstore.Sha256;

/**
 * One directory per checkpoint, {@code step-000000123/}, holding {@code model.safetensors},
 * {@code optimizer.safetensors}, {@code state.json} and, written last, {@code manifest.json} with the size and
 * sha256 of each file. The directory is assembled under a hidden temporary name and renamed into place, so a
 * visible checkpoint is always complete; loading re-hashes every file and refuses any mismatch.
 */
public final class Checkpoints {

    public static final String MODEL_FILE = "model.safetensors";
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    public static final String STATE_FILE = "state.json";
    public static final String MANIFEST_FILE = "manifest.json";
    static final String FORMAT = "smalltolarge-checkpoint-v1";
    private static final List<String> REQUIRED = List.of(MODEL_FILE, OPTIMIZER_FILE, STATE_FILE);
    private static final Pattern STEP_DIR = Pattern.compile("step-(\\d{9,})");
    // Maps in key order: a checkpoint's bytes (and so its digest) must not depend on a map's iteration order,
    // which for Map.of / Map.copyOf (TrainingState.data) changes with every JVM.
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** Everything read back from a verified checkpoint. */
    public record Checkpoint(Path directory, TrainingState state, Map<String, float[]> parameters,
                             Map<String, float[]> optimizer, long optimizerSteps) {
    }

    private Checkpoints() {
    }

    public static Path directoryFor(Path root, long step) {
        return root.resolve(String.format("step-%09d", step));
    }

    /**
     * Saves parameters, optimizer moments and state under {@code root}. Saving a step that already has a
     * verified checkpoint keeps the existing one (runs are deterministic, so it holds the same numbers).
     */
    public static Path save(Path root, GptModel model, AdamW optimizer, TrainingState state) throws IOException {
        Path target = directoryFor(root, state.step());
        if (Files.isDirectory(target)) {
            try {
                verify(target);
                return target;
            } catch (CheckpointException damaged) {
                Files.move(target, root.resolve(".damaged-" + target.getFileName() + "-" + System.nanoTime()));
            }
        }
        Files.createDirectories(root);
        Path temp = Files.createTempDirectory(root, ".tmp-" + target.getFileName() + "-");
        try {
            SafetensorsIO.write(temp.resolve(MODEL_FILE),
                    SafetensorsIO.tensorsOf(model.parameterValues(), GptModel.parameterShapes(model.config())),
                    SafetensorsIO.configMetadata(model.config()));
            Map<String, ai.djl.ndarray.types.Shape> momentShapes = new LinkedHashMap<>();
            GptModel.parameterShapes(model.config()).forEach((name, shape) -> {
                momentShapes.put("m." + name, shape);
                momentShapes.put("v." + name, shape);
            });
            SafetensorsIO.write(temp.resolve(OPTIMIZER_FILE),
                    SafetensorsIO.tensorsOf(optimizer.stateValues(), momentShapes),
                    Map.of("optimizer_steps", Long.toString(optimizer.steps())));
            JSON.writeValue(temp.resolve(STATE_FILE).toFile(), state);

            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("format", FORMAT);
            manifest.put("step", state.step());
            ObjectNode files = manifest.putObject("files");
            for (String name : REQUIRED) {
                Path f = temp.resolve(name);
                files.putObject(name).put("bytes", Files.size(f)).put("sha256", sha256(f));
            }
            Path manifestTemp = temp.resolve(MANIFEST_FILE + ".tmp");
            JSON.writeValue(manifestTemp.toFile(), manifest);
            Files.move(manifestTemp, temp.resolve(MANIFEST_FILE), StandardCopyOption.ATOMIC_MOVE);
            return moveIntoPlace(temp, target);
        } finally {
            deleteRecursively(temp);
        }
    }

    /** Checks the manifest against every file; throws a {@link CheckpointException} naming the first problem. */
    public static void verify(Path dir) throws CheckpointException {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(dir, "is not a directory");
        }
        Path manifestFile = dir.resolve(MANIFEST_FILE);
        if (!Files.isRegularFile(manifestFile)) {
            throw new CheckpointException(dir, "has no " + MANIFEST_FILE + " (incomplete or not a checkpoint)");
        }
        JsonNode manifest;
        try {
            manifest = JSON.readTree(manifestFile.toFile());
        } catch (IOException e) {
            throw new CheckpointException(dir, MANIFEST_FILE + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(manifest.path("format").asText())) {
            throw new CheckpointException(dir, MANIFEST_FILE + " has format '" + manifest.path("format").asText()
                    + "', expected '" + FORMAT + "'");
        }
        JsonNode files = manifest.path("files");
        for (String name : REQUIRED) {
            if (!files.has(name)) {
                throw new CheckpointException(dir, MANIFEST_FILE + " does not list " + name);
            }
        }
        Iterator<Map.Entry<String, JsonNode>> entries = files.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> e = entries.next();
            Path f = dir.resolve(e.getKey());
            if (!Files.isRegularFile(f)) {
                throw new CheckpointException(dir, "file " + e.getKey() + " listed in the manifest is missing");
            }
            try {
                long size = Files.size(f);
                long expectedSize = e.getValue().path("bytes").asLong(-1);
                if (size != expectedSize) {
                    throw new CheckpointException(dir, "file " + e.getKey() + " has " + size + " bytes, manifest says "
                            + expectedSize);
                }
                String actual = sha256(f);
                String expected = e.getValue().path("sha256").asText();
                if (!actual.equals(expected)) {
                    throw new CheckpointException(dir, "file " + e.getKey() + " is damaged: sha256 " + actual
                            + " does not match the manifest's " + expected);
                }
            } catch (CheckpointException ce) {
                throw ce;
            } catch (IOException io) {
                throw new CheckpointException(dir, "cannot read " + e.getKey() + ": " + io.getMessage(), io);
            }
        }
    }

    /** Verifies, then reads a checkpoint. */
    public static Checkpoint load(Path dir) throws IOException {
        verify(dir);
        TrainingState state;
        try {
            state = JSON.readValue(dir.resolve(STATE_FILE).toFile(), TrainingState.class);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(dir, STATE_FILE + " cannot be read: " + e.getMessage(), e);
        }
        SafetensorsIO.Contents model = SafetensorsIO.read(dir.resolve(MODEL_FILE));
        GptConfig stored = SafetensorsIO.configFrom(model.metadata(), dir.resolve(MODEL_FILE));
        if (!stored.equals(state.config())) {
            throw new CheckpointException(dir, MODEL_FILE + " holds " + stored + " but " + STATE_FILE + " says "
                    + state.config());
        }
        SafetensorsIO.Contents optimizer = SafetensorsIO.read(dir.resolve(OPTIMIZER_FILE));
        long optimizerSteps;
        try {
            optimizerSteps = Long.parseLong(optimizer.metadata().getOrDefault("optimizer_steps", ""));
        } catch (NumberFormatException e) {
            throw new CheckpointException(dir, OPTIMIZER_FILE + " lacks a numeric optimizer_steps entry");
        }
        return new Checkpoint(dir, state, values(model), values(optimizer), optimizerSteps);
    }

    /**
     * Refuses a checkpoint that is not run {@code runId}'s last one: it must lie in that run's folder
     * ({@code .../<runId>/step-N}, where {@link CheckpointStore#workingDirectory} puts it) and its state must say
     * the run finished. Announcements are events anyone on the bus can publish; the folder and the state are
     * written by the run's trainer alone.
     */
    public static void checkFinalOf(String runId, Path dir) throws CheckpointException {
        Path normal = dir.toAbsolutePath().normalize();
        Path runFolder = normal.getParent();
        if (!STEP_DIR.matcher(String.valueOf(normal.getFileName())).matches() || runFolder == null
                || runFolder.getFileName() == null || !runFolder.getFileName().toString().equals(runId)) {
            throw new CheckpointException(dir, "is not a checkpoint of run '" + runId + "' (its checkpoints are "
                    + "<store>/" + runId + "/step-N)");
        }
        TrainingState state;
        try {
            state = JSON.readValue(normal.resolve(STATE_FILE).toFile(), TrainingState.class);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(dir, STATE_FILE + " cannot be read: " + e.getMessage(), e);
        }
        if (state.step() != state.totalSteps()) {
            throw new CheckpointException(dir, "is step " + state.step() + " of " + state.totalSteps() + " of run '"
                    + runId + "', not its final checkpoint");
        }
    }

    /** The checkpoint with the highest step under {@code root} that has a manifest, if any. */
    public static Optional<Path> latest(Path root) throws IOException {
        List<Path> all = newestFirst(root);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Every checkpoint under {@code root} that has a manifest, the highest step first (intact or not). */
    public static List<Path> newestFirst(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        TreeSet<Long> steps = new TreeSet<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                Matcher m = STEP_DIR.matcher(d.getFileName().toString());
                if (m.matches() && Files.isRegularFile(d.resolve(MANIFEST_FILE))) {
                    steps.add(Long.parseLong(m.group(1)));
                }
            }
        }
        return steps.descendingSet().stream().map(step -> directoryFor(root, step)).toList();
    }

    private static Map<String, float[]> values(SafetensorsIO.Contents contents) {
        Map<String, float[]> values = new LinkedHashMap<>();
        contents.tensors().forEach((name, t) -> values.put(name, t.values()));
        return values;
    }

    /**
     * The identity of a checkpoint: the sha256 of its manifest, which itself holds the sha256 of every file. Events
     * announce it and consumers compare it before loading.
     */
    public static String digest(Path checkpointDir) throws IOException {
        return sha256(checkpointDir.resolve(MANIFEST_FILE));
    }

    static String sha256(Path file) throws IOException {
        return Sha256.hex(file);
    }

    /** Renames a complete checkpoint folder to its visible name in one step: a visible checkpoint is whole. */
    static Path moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + temp + " atomically to " + target, e);
        }
        return target;
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
