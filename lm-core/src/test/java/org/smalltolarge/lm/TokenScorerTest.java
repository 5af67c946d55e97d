package org.smalltolarge.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared forward primitive, and the loaded model it usually runs on, on a briefly trained checkpoint. */
@Tag("slow") // trains a model
class TokenScorerTest {

    private static final GptConfig CONFIG = TextFixtures.tinyConfig();

    private static Map<String, float[]> trainedWeights;
    private static LoadedModel loaded;

    @BeforeAll
    static void trainAndLoad(@TempDir Path root) throws IOException {
        CheckpointStore store = new DirectoryCheckpointStore(root);
        Path checkpoint;
        Hyperparameters hyperparameters = Hyperparameters.builder().batchSize(8).learningRate(3e-3, 3e-4, 5).build();
        RuntimeSettings runtime = RuntimeSettings.builder().threads(1).device("cpu").build();
        try (Trainer trainer = Trainer.start(CONFIG, hyperparameters, runtime, 30L * 8 * CONFIG.context(), Map.of())) {
            trainer.train(TextFixtures.trainingWindows(CONFIG.context(), 2), ProgressListener.NONE, null, () -> false);
            trainedWeights = trainer.model().parameterValues();
            checkpoint = trainer.checkpoint(store.workingDirectory("run"));
        }
        CheckpointRef ref = new CheckpointRef(store.publish("run", checkpoint), Checkpoints.digest(checkpoint));
        loaded = LoadedModel.open(store, ref, "cpu");
    }

    @AfterAll
    static void close() {
        loaded.close();
    }

    @Test
    void loadedModelHoldsTheTrainedWeightsOnTheRequestedDeviceAndReleasesThemOnClose() throws IOException {
        assertEquals("cpu()", loaded.device().toString());
        assertEquals(30, loaded.state().step());
        assertEquals(CONFIG, loaded.config());
        Map<String, float[]> weights = loaded.model().parameterValues();
        assertEquals(trainedWeights.keySet(), weights.keySet());
        trainedWeights.forEach((name, expected) -> assertArrayEquals(expected, weights.get(name), 0f, name));

        NDManager modelMemory;
        try (LoadedModel another = LoadedModel.open(loaded.directory(), "cpu")) {
            modelMemory = another.model().manager();
            assertTrue(modelMemory.isOpen());
        }
        assertFalse(modelMemory.isOpen(), "closing the loaded model frees its parameters");
    }

    /**
     * Pins the per-example losses to the computation {@link Scorer} did itself before the primitive existed (one
     * right-padded batch, the model's float log-probabilities summed in order into a double), bit for bit.
     */
    @Test
    void scorerLossesEqualTheComputationBeforeTheSharedPrimitiveBitForBit() {
        List<ScoringExample> examples = realTextExamples();
        int batchSize = 3;
        List<ExampleScore> scores = new Scorer(loaded.model(), batchSize).score(examples);

        for (int from = 0; from < examples.size(); from += batchSize) {
            List<ScoringExample> batch = examples.subList(from, Math.min(examples.size(), from + batchSize));
            double[] sums = NativeRuntime.withGradMode(false, () -> sumsAsScorerComputedThem(batch));
            for (int r = 0; r < batch.size(); r++) {
                ExampleScore s = scores.get(from + r);
                int n = batch.get(r).scoredCount();
                assertEquals(n, s.scoredTokens());
                assertEquals(Double.doubleToRawLongBits(sums[r]), Double.doubleToRawLongBits(s.sumLogProb()),
                        "example " + (from + r));
                assertEquals(Double.doubleToRawLongBits(-sums[r] / n), Double.doubleToRawLongBits(s.meanNll()),
                        "example " + (from + r));
            }
        }
    }

    @Test
    void topFlagsMarkTheArgmaxTokenAndPaddingChangesNoRealPosition() {
        List<int[]> rows = realTextExamples().stream().map(ScoringExample::tokens).toList();
        AtomicInteger forwardPasses = new AtomicInteger();
        List<TokenScores> batched = new TokenScorer(loaded.model(), 4).score(rows, forwardPasses::incrementAndGet);
        assertEquals((rows.size() + 3) / 4, forwardPasses.get(), "the callback runs after every forward pass");

        int tops = 0;
        for (int r = 0; r < rows.size(); r++) {
            int[] row = rows.get(r);
            TokenScores alone = new TokenScorer(loaded.model(), 1).score(List.of(row)).get(0);
            TokenScores inBatch = batched.get(r);
            assertEquals(row.length, inBatch.logProbs().length);
            assertEquals(0.0, inBatch.logProbs()[0]);
            assertFalse(inBatch.isTop()[0]);
            assertArrayEquals(alone.logProbs(), inBatch.logProbs(), 1e-5, "row " + r);
            int[] argmax = argmaxPerPosition(row);
            for (int j = 1; j < row.length; j++) {
                assertEquals(argmax[j - 1] == row[j], inBatch.isTop()[j], "row " + r + " token " + j);
                assertTrue(inBatch.logProbs()[j] < 0);
                tops += inBatch.isTop()[j] ? 1 : 0;
            }
        }
        assertTrue(tops > 0, "a trained byte model predicts some bytes of real text");

        List<double[]> logProbsOnly = new TokenScorer(loaded.model(), 4).logProbs(rows);
        for (int r = 0; r < rows.size(); r++) {
            assertArrayEquals(batched.get(r).logProbs(), logProbsOnly.get(r), 0.0,
                    "row " + r + ": skipping the top-1 flags changes no log-probability");
        }
    }

    @Test
    void rowsThatDoNotFitTheContextOrHoldForeignTokensAreRefusedNamingTheRow() {
        TokenScorer scorer = new TokenScorer(loaded.model(), 2);
        String tooLong = assertThrows(IllegalArgumentException.class,
                () -> scorer.score(List.of(new int[] {1, 2}, new int[CONFIG.context() + 2]))).getMessage();
        assertTrue(tooLong.contains("row 1") && tooLong.contains((CONFIG.context() + 2) + " tokens")
                && tooLong.contains("context " + CONFIG.context()), tooLong);
        String foreign = assertThrows(IllegalArgumentException.class,
                () -> scorer.score(List.of(new int[] {1, 257}))).getMessage();
        assertTrue(foreign.contains("row 0") && foreign.contains("token 257"), foreign);
        assertThrows(IllegalArgumentException.class, () -> new TokenScorer(loaded.model(), 0));
    }

    /** Slices of held-out Moby-Dick of many lengths, whole sequences and prompt + answer alike. */
    private static List<ScoringExample> realTextExamples() {
        byte[] text = TextFixtures.validation("moby-dick.txt");
        List<ScoringExample> examples = new ArrayList<>();
        int offset = 0;
        for (int length = 2; length <= CONFIG.context() + 1; length += 3) {
            int[] tokens = new int[length];
            for (int i = 0; i < length; i++) {
                tokens[i] = text[offset + i] & 0xFF;
            }
            offset += length;
            examples.add(length % 2 == 0 || length < 4 ? ScoringExample.wholeSequence(tokens)
                    : ScoringExample.promptAndAnswer(Arrays.copyOf(tokens, length / 2),
                            Arrays.copyOfRange(tokens, length / 2, length)));
        }
        return examples;
    }

    private static double[] sumsAsScorerComputedThem(List<ScoringExample> batch) {
        int longest = batch.stream().mapToInt(e -> e.tokens().length).max().orElseThrow();
        long[][] inputs = new long[batch.size()][longest - 1];
        long[][] targets = new long[batch.size()][longest - 1];
        double[] sums = new double[batch.size()];
        for (int r = 0; r < batch.size(); r++) {
            int[] tokens = batch.get(r).tokens();
            for (int t = 0; t + 1 < tokens.length; t++) {
                inputs[r][t] = tokens[t];
                targets[r][t] = tokens[t + 1];
            }
        }
        NDManager manager = loaded.model().manager();
        try (NDScope scope = new NDScope()) {
            NDArray y = manager.create(targets);
            float[] logProbs = GptModel.targetLogProbs(loaded.model().logits(manager.create(inputs)), y).toFloatArray();
            for (int r = 0; r < batch.size(); r++) {
                boolean[] scored = batch.get(r).scored();
                for (int t = 1; t < scored.length; t++) {
                    if (scored[t]) {
                        sums[r] += logProbs[r * (longest - 1) + t - 1];
                    }
                }
            }
        }
        return sums;
    }

    private static int[] argmaxPerPosition(int[] row) {
        NDManager manager = loaded.model().manager();
        long[][] input = {Arrays.stream(row, 0, row.length - 1).asLongStream().toArray()};
        try (NDScope scope = new NDScope()) {
            float[] logits = NativeRuntime.withGradMode(false, () -> loaded.model().logits(manager.create(input)))
                    .toFloatArray();
            int vocab = CONFIG.vocab();
            int[] best = new int[row.length - 1];
            for (int p = 0; p < best.length; p++) {
                for (int v = 1; v < vocab; v++) {
                    if (logits[p * vocab + v] > logits[p * vocab + best[p]]) {
                        best[p] = v;
                    }
                }
            }
            return best;
        }
    }
}
