package org.smalltolarge.trainer.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smalltolarge.contracts.events.TrainingRequested;

class CorpusTrainingDataTest {

    @TempDir
    Path workers;

    /** The description goes into every checkpoint; two workers with the corpus in different folders must agree. */
    @Test
    void descriptionDoesNotDependOnWhereTheWorkerKeepsTheCorpus() throws IOException {
        Path here = fixtureCorpusIn(workers.resolve("worker-1/corpus"));
        Path there = fixtureCorpusIn(workers.resolve("worker-2/data/corpus"));
        TrainingRequested request = ReproducibilityLauncher.requestFor("study", "demo", "fiction: 3, speeches: 1",
                4096);

        var first = new CorpusTrainingData(ReproducibilityLauncher.config(here, workers)).open(request).description();
        var second = new CorpusTrainingData(ReproducibilityLauncher.config(there, workers)).open(request).description();

        assertEquals(first, second);
        assertEquals("demo", first.get("corpus"));
    }

    /** The fixture JSONL files, copied with their timestamps (a folder's fingerprint includes them). */
    private static Path fixtureCorpusIn(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : new String[] {"fiction.jsonl", "speeches.jsonl"}) {
            Path source = Path.of("src/test/resources/corpus", name);
            Files.copy(source, dir.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
        }
        return dir;
    }
}
