package org.smalltolarge.corpus.eval;

import org.junit.jupiter.api.Test;
import org.smalltolarge.corpus.ByteTokenizer;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalItemTest {
    private static EvalItem item(EvalItem.Kind kind, String context, int correct, String... options) {
        return new SuiteLine("i", "s", kind, null, context, List.of(options), correct).toItem();
    }

    @Test
    void textItemsScoreEveryTokenButTheFirst() {
        EvalItem t = item(EvalItem.Kind.TEXT, "", 0, "hello");
        boolean[] mask = t.scoredMask(0);
        assertArrayEquals(new boolean[] {false, true, true, true, true}, mask);
    }

    @Test
    void clozeItemsScoreOnlyTheAnswer() {
        EvalItem c = item(EvalItem.Kind.CLOZE, "the cat", 0, " sat");
        assertArrayEquals(ByteTokenizer.encode("the cat sat"), c.sequence(0));
        boolean[] mask = c.scoredMask(0);
        for (int j = 0; j < mask.length; j++) {
            assertEquals(j >= "the cat".length(), mask[j], "position " + j);
        }
    }

    @Test
    void fittingToAShortContextCutsTheLeftAndKeepsTheAnswer() {
        EvalItem c = item(EvalItem.Kind.CHOICE, "0123456789abcdef", 1, " yes", " no");
        EvalItem fit = c.fitTo(10);
        assertEquals("abcdef", ByteTokenizer.decode(fit.context()));
        assertEquals(" yes", ByteTokenizer.decode(fit.options().get(0)));
        assertTrue(fit.sequence(0).length <= 10);
        EvalItem text = item(EvalItem.Kind.TEXT, "", 0, "a long window of text");
        assertEquals("a long", ByteTokenizer.decode(text.fitTo(6).answer()));
    }

    /** A fake model: every token costs 1 nat, except that the letter 'y' costs 0.1 and is always its top choice. */
    private static EvalScoring.Scores fakeModel(int[] seq) {
        double[] lp = new double[seq.length];
        boolean[] top = new boolean[seq.length];
        for (int j = 1; j < seq.length; j++) {
            lp[j] = seq[j] == 'y' ? -0.1 : -1.0;
            top[j] = seq[j] == 'y';
        }
        return new EvalScoring.Scores(lp, top);
    }

    @Test
    void scoringUsesOnlyTheMaskedTokens() {
        // context tokens are all 'y' (cheap); the answer " xx" costs 1 nat per token: loss must be exactly 1
        EvalScoring.ItemScore cloze = EvalScoring.score(item(EvalItem.Kind.CLOZE, "yyyy", 0, " xx"),
                EvalItemTest::fakeModel);
        assertEquals(1.0, cloze.loss(), 1e-12);
        assertEquals(0.0, cloze.accuracy());
        EvalScoring.ItemScore right = EvalScoring.score(item(EvalItem.Kind.CLOZE, "abc", 0, "yy"),
                EvalItemTest::fakeModel);
        assertEquals(0.1, right.loss(), 1e-12);
        assertEquals(1.0, right.accuracy());
        EvalScoring.ItemScore text = EvalScoring.score(item(EvalItem.Kind.TEXT, "", 0, "xyy"), EvalItemTest::fakeModel);
        assertEquals(0.1, text.loss(), 1e-12, "the first token is never scored");
        assertTrue(Double.isNaN(text.accuracy()));
    }

    @Test
    void onlyClozeItemsNeedTopFlags() {
        EvalScoring.TokenScorer withoutFlags = seq -> new EvalScoring.Scores(fakeModel(seq).logProb(), null);
        EvalItem text = item(EvalItem.Kind.TEXT, "", 0, "xyy");
        EvalItem choice = item(EvalItem.Kind.CHOICE, "q:", 0, " xx", " yy", " x");
        assertEquals(EvalScoring.score(text, EvalItemTest::fakeModel), EvalScoring.score(text, withoutFlags));
        assertEquals(EvalScoring.score(choice, EvalItemTest::fakeModel), EvalScoring.score(choice, withoutFlags));
        assertFalse(EvalScoring.needsTopFlags(EvalItem.Kind.TEXT));
        assertFalse(EvalScoring.needsTopFlags(EvalItem.Kind.CHOICE));
        assertTrue(EvalScoring.needsTopFlags(EvalItem.Kind.CLOZE));
        String message = assertThrows(IllegalArgumentException.class,
                () -> EvalScoring.score(item(EvalItem.Kind.CLOZE, "abc", 0, "yy"), withoutFlags)).getMessage();
        assertTrue(message.contains("item i") && message.contains("top-1 flags"), message);
    }

    @Test
    void choiceItemsPickTheMostLikelyOptionAndReportTheCorrectOnesLoss() {
        EvalScoring.ItemScore s = EvalScoring.score(item(EvalItem.Kind.CHOICE, "q:", 0, " xx", " yy", " x"),
                EvalItemTest::fakeModel);
        assertEquals(1, s.predicted());
        assertEquals(0.0, s.accuracy());
        assertEquals(1.0, s.loss(), 1e-12);
    }
}
