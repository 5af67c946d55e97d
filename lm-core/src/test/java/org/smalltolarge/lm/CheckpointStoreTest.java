package org.smalltolarge.lm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The directory store and the verified fetch; a manifest alone is enough, since the fetch checks only its digest. */
@Tag("slow") // loads libtorch
class CheckpointStoreTest {

    @TempDir
    Path root;

    @Test
    void publishedCheckpointIsFetchedBackByItsUriAndVerifiedByItsManifestDigest() throws IOException {
        CheckpointStore store = new DirectoryCheckpointStore(root);
        Path checkpoint = fakeCheckpoint(store.workingDirectory("run-1"));
        String uri = store.publish("run-1", checkpoint);
        assertTrue(uri.startsWith("file:"), uri);

        assertEquals(checkpoint, store.fetch(uri));
        CheckpointRef ref = new CheckpointRef(uri, Checkpoints.digest(checkpoint));
        assertEquals(checkpoint, store.fetchVerified(ref));
        assertEquals(checkpoint, DirectoryCheckpointStore.readOnly().fetchVerified(ref));
    }

    @Test
    void replacedManifestIsAMismatchNamingBothDigestsAndTheFile() throws IOException {
        Path checkpoint = fakeCheckpoint(root.resolve("run"));
        CheckpointRef ref = new CheckpointRef(checkpoint.toUri().toString(), Checkpoints.digest(checkpoint));
        Files.writeString(checkpoint.resolve(Checkpoints.MANIFEST_FILE), "{\"format\":\"replaced\"}");
        String actual = Checkpoints.digest(checkpoint);

        String message = refusal(ref);
        assertTrue(message.contains("sha256 mismatch") && message.contains(ref.manifestSha256())
                && message.contains(actual) && message.contains(checkpoint.resolve("manifest.json").toString()), message);
    }

    @Test
    void eachUnusableReferenceIsRefusedSayingWhatAndWhere() throws IOException {
        String sha = "ab".repeat(32);
        assertTrue(refusal(new CheckpointRef("file:/a b", sha)).contains("'file:/a b' is not a URI"));
        String http = refusal(new CheckpointRef("https://example.org/ckpt", sha));
        assertTrue(http.contains("'https://example.org/ckpt'") && http.contains("not a file: URI"), http);
        assertTrue(refusal(new CheckpointRef("relative/step-1", sha)).contains("not a file: URI"));
        assertTrue(refusal(new CheckpointRef("file://host/x", sha)).contains("names no local path"));

        Path absent = root.resolve("absent");
        String missing = refusal(new CheckpointRef(absent.toUri().toString(), sha));
        assertTrue(missing.startsWith("no checkpoint at " + absent.toUri()) && missing.contains(absent.toString()),
                missing);

        Path incomplete = Files.createDirectories(root.resolve("incomplete"));
        String noManifest = refusal(new CheckpointRef(incomplete.toUri().toString(), sha));
        assertTrue(noManifest.contains("no checkpoint at") && noManifest.contains(
                incomplete.resolve("manifest.json") + " is missing"), noManifest);
    }

    @Test
    void readOnlyStoreWritesNothingAndWritingStoreKeepsToItsRoot() throws IOException {
        CheckpointStore readOnly = DirectoryCheckpointStore.readOnly();
        assertThrows(UnsupportedOperationException.class, () -> readOnly.workingDirectory("run"));
        CheckpointStore store = new DirectoryCheckpointStore(root.resolve("store"));
        assertThrows(IllegalArgumentException.class, () -> store.publish("run", root.resolve("elsewhere")));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store.workingDirectory("../up")).getMessage()
                .contains("'../up'"));
    }

    @Test
    void onlyTheFinalCheckpointInTheRunsOwnFolderIsTheRunsResult() throws IOException {
        CheckpointStore store = new DirectoryCheckpointStore(root);
        Path last = stateCheckpoint(store.workingDirectory("run-1"), 3, 3);
        Path middle = stateCheckpoint(store.workingDirectory("run-1"), 2, 3);
        CheckpointRef lastRef = new CheckpointRef(store.publish("run-1", last), Checkpoints.digest(last));
        assertEquals(last, store.fetchFinal("run-1", lastRef));

        // an announcement for run-2 that names run-1's (intact, correctly hashed) checkpoint
        String other = assertThrows(CheckpointException.class, () -> store.fetchFinal("run-2", lastRef)).getMessage();
        assertTrue(other.contains("not a checkpoint of run 'run-2'"), other);
        // the same, disguised as a path through run-2's folder
        Files.createDirectories(root.resolve("run-2"));
        CheckpointRef disguised = new CheckpointRef(root.toUri() + "run-2/../run-1/step-000000003",
                lastRef.manifestSha256());
        assertThrows(CheckpointException.class, () -> store.fetchFinal("run-2", disguised));

        CheckpointRef middleRef = new CheckpointRef(middle.toUri().toString(), Checkpoints.digest(middle));
        String early = assertThrows(CheckpointException.class, () -> store.fetchFinal("run-1", middleRef))
                .getMessage();
        assertTrue(early.contains("is step 2 of 3") && early.contains("not its final checkpoint"), early);
    }

    private static String refusal(CheckpointRef ref) {
        return assertThrows(CheckpointException.class, () -> DirectoryCheckpointStore.readOnly().fetchVerified(ref))
                .getMessage();
    }

    private static Path fakeCheckpoint(Path runDir) throws IOException {
        return fakeCheckpoint(runDir, 3);
    }

    private static Path fakeCheckpoint(Path runDir, long step) throws IOException {
        Path dir = Files.createDirectories(Checkpoints.directoryFor(runDir, step));
        Files.writeString(dir.resolve(Checkpoints.MANIFEST_FILE), "{\"format\":\"smalltolarge-checkpoint-v1\"}");
        return dir;
    }

    private static Path stateCheckpoint(Path runDir, long step, long totalSteps) throws IOException {
        Path dir = fakeCheckpoint(runDir, step);
        TrainingState state = new TrainingState(GptConfig.bytes(16, 8, 1, 2), null, totalSteps, step, step * 4, "cpu",
                1.5, null);
        new com.fasterxml.jackson.databind.ObjectMapper().writeValue(dir.resolve(Checkpoints.STATE_FILE).toFile(),
                state);
        return dir;
    }
}
