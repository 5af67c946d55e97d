package org.smalltolarge.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("slow") // trains a model
class ScorerTest {

    private static Trainer trainer; // a briefly trained model, so log-probabilities are not all alike

    @BeforeAll
    static void train() throws Exception {
        GptConfig config = GptConfig.bytes(32, 32, 2, 4);
        Hyperparameters hyperparameters = Hyperparameters.builder().batchSize(16).learningRate(3e-3, 3e-4, 10).build();
        RuntimeSettings runtime = RuntimeSettings.builder().threads(2).device("cpu").build();
        trainer = Trainer.start(config, hyperparameters, runtime, 60L * 16 * 32, Map.of());
        trainer.train(TextFixtures.trainingWindows(32, 1), ProgressListener.NONE, null, () -> false);
    }

    @AfterAll
    static void close() {
        trainer.close();
    }

    @Test
    void batchedScoresMatchTokenByTokenComputation() {
        List<ScoringExample> examples = new ArrayList<>();
        examples.add(ScoringExample.wholeSequence(bytes("Call me Ishmael.")));
        examples.add(ScoringExample.promptAndAnswer(bytes("The state of the "), bytes("Union")));
        examples.add(ScoringExample.wholeSequence(bytes("ab")));
        examples.add(ScoringExample.promptAndAnswer(bytes("Fellow citizens, "), bytes("we meet again.")));
        examples.add(ScoringExample.wholeSequence(bytes("whale")));

        List<ExampleScore> batched = new Scorer(trainer.model(), 3).score(examples);

        assertEquals(examples.size(), batched.size());
        for (int i = 0; i < examples.size(); i++) {
            ScoringExample e = examples.get(i);
            double slowSum = 0;
            for (int t = 1; t < e.tokens().length; t++) {
                if (e.scored()[t]) {
                    slowSum += logProbOfNext(java.util.Arrays.copyOf(e.tokens(), t), e.tokens()[t]);
                }
            }
            ExampleScore s = batched.get(i);
            assertEquals(e.scoredCount(), s.scoredTokens());
            assertEquals(slowSum, s.sumLogProb(), 1e-4, "example " + i);
            assertEquals(-slowSum / e.scoredCount(), s.meanNll(), 1e-5, "example " + i);
        }
    }

    @Test
    void multipleChoicePicksTheLikeliestOptionAndAccuracyFollows() {
        List<MultipleChoiceItem> items = List.of(
                new MultipleChoiceItem(bytes("the whale and the "), List.of(bytes("sea"), bytes("qzxv")), 0),
                new MultipleChoiceItem(bytes("of the United "), List.of(bytes("xq#j"), bytes("States")), 0));
        List<ChoiceScore> scores = new Scorer(trainer.model(), 4).scoreChoices(items);
        List<ExampleScore> direct = new Scorer(trainer.model(), 1).score(List.of(
                ScoringExample.promptAndAnswer(bytes("the whale and the "), bytes("sea")),
                ScoringExample.promptAndAnswer(bytes("the whale and the "), bytes("qzxv"))));
        assertEquals(direct.get(0).sumLogProb(), scores.get(0).logLikelihoods()[0], 1e-4);
        assertEquals(direct.get(1).sumLogProb(), scores.get(0).logLikelihoods()[1], 1e-4);
        for (ChoiceScore s : scores) {
            int best = s.logLikelihoods()[0] >= s.logLikelihoods()[1] ? 0 : 1;
            assertEquals(best, s.predicted());
        }
        long correct = scores.stream().filter(ChoiceScore::isCorrect).count();
        assertEquals(correct / 2.0, Scorer.accuracy(scores));
        // "States" is a far likelier byte sequence than "xq#j" even for a barely trained byte model
        assertEquals(1, scores.get(1).predicted());
    }

    @Test
    void tooLongExamplesKeepTheirTailOrAreRefused() {
        int[] longPrompt = new int[100];
        java.util.Arrays.fill(longPrompt, 'a');
        Scorer scorer = new Scorer(trainer.model(), 2);
        ExampleScore tail = scorer.score(List.of(ScoringExample.promptAndAnswer(longPrompt, bytes("bc")))).get(0);
        assertEquals(2, tail.scoredTokens());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> scorer.score(List.of(ScoringExample.wholeSequence(longPrompt))));
        assertTrue(e.getMessage().contains("example 0"), e.getMessage());
    }

    private static double logProbOfNext(int[] prefix, int next) {
        NDManager manager = trainer.model().manager();
        long[] ids = new long[prefix.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = prefix[i];
        }
        try (NDScope scope = new NDScope()) {
            NDArray logits = trainer.model().logits(manager.create(ids, new Shape(1, ids.length)));
            float[] last = logits.get("0, -1, :").toFloatArray();
            double max = Double.NEGATIVE_INFINITY;
            for (float v : last) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (float v : last) {
                sum += Math.exp(v - max);
            }
            return last[next] - max - Math.log(sum);
        }
    }

    private static int[] bytes(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            ids[i] = b[i] & 0xFF;
        }
        return ids;
    }
}
