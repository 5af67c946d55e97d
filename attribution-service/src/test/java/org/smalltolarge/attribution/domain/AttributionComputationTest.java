package org.smalltolarge.attribution.domain;

import org.smalltolarge.attribution.LocallyTrainedModels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smalltolarge.contracts.events.AttributionRequested;
import org.smalltolarge.contracts.events.ExamplePool;
import org.smalltolarge.corpus.Corpus;
import org.smalltolarge.spec.Distribution;
import org.smalltolarge.spec.ModelShape;
import org.smalltolarge.spec.Scale;
import org.smalltolarge.spec.TrainingSettings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole computation on real corpus documents with small models trained here (the services train them through
 * the trainer; this checks what the attribution service does with them): results for every scale, nothing
 * recomputed on a second call, and an interruption part-way through featurizing completes to the same scores.
 */
@Tag("slow") // trains 20 small models
class AttributionComputationTest {

    private static Corpus corpus;
    private static AttributionPlan plan;
    private static final Map<String, Path> checkpoints = new HashMap<>();

    @BeforeAll
    static void trainModels(@TempDir Path dir) throws Exception {
        String corpusDir = System.getProperty("s2l.corpus.dir");
        Assumptions.assumeTrue(corpusDir != null && !corpusDir.isBlank(),
                "skipped: set -Ds2l.corpus.dir=<built corpus> (after 'bin/data build --out <dir>')");
        corpus = Corpus.open(Path.of(corpusDir));
        Scale tiny = new Scale("tiny", new ModelShape(32, 1, 2, 64), 40_000);
        Scale small = new Scale("small", new ModelShape(48, 2, 2, 64), 80_000);
        AttributionRequested request = new AttributionRequested("attr-compute", "demo",
                new ExamplePool(Map.of("fiction", 1.0, "speeches", 1.0), 40, 1L, null),
                new AttributionRequested.Targets("lastword", 16), List.of(tiny, small), "small", 2,
                new AttributionRequested.LdsSettings(8, 3), new AttributionRequested.ProjectionSettings("factored",
                256, 0), 0.1, "margin", TrainingSettings.DEFAULTS, Instant.parse("2026-12-02T00:00:00Z"), null);
        plan = AttributionPlan.resolve(request, corpus);
        for (Scale scale : request.scales()) {
            for (Distribution d : plan.distributions()) {
                checkpoints.put(scale.name() + "/" + d.name(), LocallyTrainedModels.train(corpus, scale, d,
                        dir.resolve(scale.name() + "-" + d.name())));
            }
        }
    }

    private static ModelSource source() {
        return (scale, distribution) -> checkpoints.get(scale + "/" + distribution);
    }

    @Test
    void everyScaleGetsScoresLdsAndAgreementAndNothingIsComputedTwice(@TempDir Path work) throws IOException {
        List<String> done = new ArrayList<>();
        AttributionComputation.Listener record = new AttributionComputation.Listener() {
            @Override
            public void featurized(String scale, String model, int rows) {
                done.add("features " + scale + "/" + model + " " + rows);
            }

            @Override
            public void scored(String scale, String model) {
                done.add("outputs " + scale + "/" + model);
            }
        };
        List<AttributionComputation.ScaleResult> first = new AttributionComputation(plan, corpus, source(), work, 2,
                record).run(() -> { }).stream().toList();
        assertEquals(List.of("tiny", "small"), first.stream().map(AttributionComputation.ScaleResult::scale).toList());
        // 2 scales x 2 ensemble models x (pool + targets), 2 scales x 8 subset models
        assertEquals(2 * 2 * 2 + 2 * 8, done.size(), done.toString());
        assertTrue(done.stream().anyMatch(d -> d.startsWith("features small/ensemble_1 ")), done.toString());
        for (AttributionComputation.ScaleResult r : first) {
            assertTrue(r.lds().definedTargets() > 0 && r.ldsOwnScale().definedTargets() > 0, r.toString());
            assertTrue(Math.abs(r.lds().mean()) <= 1, r.toString());
            assertEquals(16, r.lds().perTarget().length);
            assertTrue(Files.isRegularFile(r.scores()));
        }
        assertNull(first.get(1).agreement(), "the reference is not compared with itself");
        assertEquals(List.of(1, 2), List.copyOf(first.get(0).ldsByEnsembleSize().keySet()));
        assertEquals(first.get(0).lds().mean(), first.get(0).ldsByEnsembleSize().get(2).mean(), 0.0);
        assertEquals(16, first.get(0).agreement().spearman().length);

        done.clear();
        List<AttributionComputation.ScaleResult> second = new AttributionComputation(plan, corpus, source(), work, 2,
                record).run(() -> { });
        assertEquals(List.of(), done, "a second call recomputes nothing");
        for (int s = 0; s < 2; s++) {
            assertArrayEquals(first.get(s).lds().perTarget(), second.get(s).lds().perTarget(), 0.0);
        }
    }

    @Test
    void anInterruptionWhileFeaturizingCompletesToTheSameScores(@TempDir Path whole, @TempDir Path interrupted)
            throws IOException {
        List<AttributionComputation.ScaleResult> reference = new AttributionComputation(plan, corpus, source(), whole,
                2, new AttributionComputation.Listener() { }).run(() -> { });
        int[] batches = {0};
        RuntimeException crash = new RuntimeException("simulated crash");
        assertThrows(RuntimeException.class, () -> new AttributionComputation(plan, corpus, source(), interrupted, 2,
                new AttributionComputation.Listener() { }).run(() -> {
                    if (++batches[0] == 2) {
                        throw crash;
                    }
                }));
        List<AttributionComputation.ScaleResult> resumed = new AttributionComputation(plan, corpus, source(),
                interrupted, 2, new AttributionComputation.Listener() { }).run(() -> { });
        for (int s = 0; s < 2; s++) {
            double[] a = ScoreFile.read(reference.get(s).scores(), 16, 40);
            double[] b = ScoreFile.read(resumed.get(s).scores(), 16, 40);
            double scale = 0;
            for (double v : a) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-4 * scale, "scale " + s + " score " + i);
            }
        }
    }
}
