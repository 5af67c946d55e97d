package org.smalltolarge.lm;

import java.util.Arrays;

/**
 * A token sequence and which of its tokens to score. Token {@code i} is scored as the prediction from
 * tokens {@code 0..i-1}, so {@code scored[0]} must be false.
 */
public record ScoringExample(int[] tokens, boolean[] scored) {

    public ScoringExample {
        if (tokens.length != scored.length) {
            throw new IllegalArgumentException("tokens (" + tokens.length + ") and scored mask (" + scored.length
                    + ") differ in length");
        }
        if (tokens.length < 2) {
            throw new IllegalArgumentException("a scored sequence needs at least 2 tokens, got " + tokens.length);
        }
        if (scored[0]) {
            throw new IllegalArgumentException("the first token has no prefix and cannot be scored");
        }
    }

    /** Every token after the first is scored (loss over the whole sequence). */
    public static ScoringExample wholeSequence(int[] tokens) {
        boolean[] scored = new boolean[tokens.length];
        Arrays.fill(scored, 1, scored.length, true);
        return new ScoringExample(tokens, scored);
    }

    /** Only the answer's tokens are scored, conditioned on the prompt (which must not be empty). */
    public static ScoringExample promptAndAnswer(int[] prompt, int[] answer) {
        if (prompt.length == 0 || answer.length == 0) {
            throw new IllegalArgumentException("prompt and answer must both be non-empty");
        }
        int[] tokens = Arrays.copyOf(prompt, prompt.length + answer.length);
        System.arraycopy(answer, 0, tokens, prompt.length, answer.length);
        boolean[] scored = new boolean[tokens.length];
        Arrays.fill(scored, prompt.length, tokens.length, true);
        return new ScoringExample(tokens, scored);
    }

    public int scoredCount() {
        int n = 0;
        for (boolean s : scored) {
            n += s ? 1 : 0;
        }
        return n;
    }

    /**
     * This example cut to what a model of {@code context} sees: sequences longer than context + 1 keep their last
     * context + 1 tokens. An example whose scored tokens would not all fit is refused, naming it by {@code index}.
     */
    public ScoringExample fittedTo(int context, int index) {
        int keep = context + 1;
        int drop = tokens.length - keep;
        if (drop <= 0) {
            return this;
        }
        for (int i = 0; i <= drop; i++) { // token `drop` becomes the first and loses its prefix
            if (scored[i]) {
                throw new IllegalArgumentException("example " + index + ": " + tokens.length
                        + " tokens with token " + i + " scored do not fit context " + context);
            }
        }
        return new ScoringExample(Arrays.copyOfRange(tokens, drop, tokens.length),
                Arrays.copyOfRange(scored, drop, scored.length));
    }
}
