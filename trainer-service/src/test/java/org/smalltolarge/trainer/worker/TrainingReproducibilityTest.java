package org.smalltolarge.trainer.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smalltolarge.corpus.Corpus;

/**
 * The same training request trained in separate JVMs (each with its own hash seeds, memory layout and garbage
 * collections), and once more under another study id, must give bit-identical weights, the same checkpoint digest
 * and the same scores from that checkpoint.
 */
class TrainingReproducibilityTest {
    private static final String MIXTURE = "fiction:3,speeches:1";
    private static final long TOKENS = 24L * 8 * 32; // 24 steps of the launcher's tiny model

    @TempDir
    Path root;

    @Test
    void sameRequestInSeparateJvmsAndUnderAnotherStudyIdTrainsTheSameModel() throws Exception {
        Path corpus = Files.createDirectories(root.resolve("corpus"));
        for (String name : List.of("fiction.jsonl", "speeches.jsonl")) {
            Files.copy(Path.of("src/test/resources/corpus", name), corpus.resolve(name));
        }
        Corpus.open(corpus); // packs the token cache once, before the children read it

        Map<String, String> first = train(corpus, "repro-a", root.resolve("jvm-1"));
        Map<String, String> second = train(corpus, "repro-a", root.resolve("jvm-2"));
        Map<String, String> otherStudy = train(corpus, "repro-b", root.resolve("jvm-3"));

        for (String key : List.of("params_sha256", "checkpoint_digest", "scores_sha256")) {
            assertEquals(first.get(key), second.get(key),
                    key + " differs between two JVMs: " + first + " vs " + second);
            assertEquals(first.get(key), otherStudy.get(key),
                    key + " differs under another study id: " + first + " vs " + otherStudy);
        }
    }

    /** Runs {@link ReproducibilityLauncher} in a fresh JVM and returns what it printed. */
    private static Map<String, String> train(Path corpus, String studyId, Path checkpoints) throws Exception {
        Path log = Files.createDirectories(checkpoints).resolve("launcher.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), ReproducibilityLauncher.class.getName(),
                corpus.toString(), studyId, checkpoints.toString(), MIXTURE, Long.toString(TOKENS))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = process.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        assertTrue(exited && process.exitValue() == 0, "the launcher failed; its output:\n" + tail(log));
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.matches("[a-z0-9_.]+=[0-9a-f]+")) {
                values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        assertTrue(values.keySet().containsAll(List.of("steps", "params_sha256", "checkpoint_digest", "scores_sha256")),
                "the launcher printed " + values + "; its output:\n" + tail(log));
        return values;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
