package org.smalltolarge.evaluator.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.smalltolarge.corpus.eval.EvalItem;
import org.smalltolarge.corpus.eval.EvalSuite;
import org.smalltolarge.corpus.eval.EvalSuites;
import org.smalltolarge.evaluator.OneEvaluationWorker;
import org.smalltolarge.evaluator.TinyStudyFixture;
import org.smalltolarge.evaluator.analysis.SuitePredictions;
import org.smalltolarge.lm.ChoiceScore;
import org.smalltolarge.lm.GptModel;
import org.smalltolarge.lm.LoadedModel;
import org.smalltolarge.lm.MultipleChoiceItem;
import org.smalltolarge.lm.Scorer;
import org.smalltolarge.lm.ScoringExample;
import org.smalltolarge.testsupport.KafkaAndMongoResource;

/**
 * The evaluator's batched suite scoring against lm-core's own {@link Scorer}, item by item, on a trained
 * checkpoint. A Quarkus test with the workflow's profile only so that libtorch loads in one class loader.
 */
@Tag("slow") // trains a model and boots the service
@QuarkusTest
@TestProfile(OneEvaluationWorker.class)
@QuarkusTestResource(value = KafkaAndMongoResource.class, restrictToAnnotatedClass = false)
class SuiteScorerTest {

    @Test
    void batchedScoresEqualLmCoreScoresItemByItemAndDoNotDependOnBatchSize() throws Exception {
        TinyStudyFixture fixture = TinyStudyFixture.get();
        Map<String, EvalSuite> suites = EvalSuites.load(fixture.corpusDir, TinyStudyFixture.SUITES, 0);
        try (LoadedModel loaded = LoadedModel.open(fixture.checkpoint("balanced", "ref"), "cpu")) {
            GptModel model = loaded.model();
            int window = model.config().context() + 1;
            Scorer reference = new Scorer(model, 1);
            for (EvalSuite suite : suites.values()) {
                SuitePredictions batched = new SuiteScorer(model, 16).score(suite);
                SuitePredictions single = new SuiteScorer(model, 1).score(suite);
                assertArrayEquals(single.losses(), batched.losses(), 1e-4, "padding changes nothing: " + suite.name());
                assertEquals(suite.size(), batched.size());
                assertEquals(suite.contentHash(), batched.contentHash());
                // the items longer than the window, counted here from their lengths, are the ones reported cut
                long longer = suite.items().stream().filter(i -> i.context().length
                        + i.options().stream().mapToInt(o -> o.length).max().orElse(0) > window).count();
                assertEquals(model.config().context(), batched.context());
                assertEquals((int) longer, batched.itemsCut(), suite.name());
                List<EvalItem> items = suite.items().stream().map(i -> i.fitTo(window)).toList();
                double[] losses = batched.losses();
                boolean[] correct = batched.correct();
                int right = 0;
                for (int i = 0; i < items.size(); i++) {
                    EvalItem item = items.get(i);
                    assertEquals(item.id(), batched.itemIds().get(i));
                    double expected = reference.score(List.of(new ScoringExample(item.sequence(item.correct()),
                            item.scoredMask(item.correct())))).get(0).meanNll();
                    assertEquals(expected, losses[i], 1e-4, suite.name() + " item " + item.id());
                    if (item.kind() == EvalItem.Kind.CHOICE) {
                        ChoiceScore choice = reference.scoreChoices(List.of(new MultipleChoiceItem(item.context(),
                                item.options(), item.correct()))).get(0);
                        assertEquals(choice.isCorrect(), correct[i], suite.name() + " item " + item.id());
                        right += correct[i] ? 1 : 0;
                    }
                }
                switch (suite.name()) {
                    case "heldout" -> assertEquals(null, batched.correct());
                    case "lastword" -> assertEquals(SuitePredictions.CLOZE, batched.kind());
                    case "continuation" -> {
                        assertEquals(0.5, batched.chance(), 1e-12);
                        assertTrue(right > 0 && right < items.size(), "a tiny model gets some right, some wrong: "
                                + right + " of " + items.size());
                    }
                    default -> throw new AssertionError(suite.name());
                }
            }
        }
    }

}
