package org.smalltolarge.corpus.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One scored test example. Every kind is "context followed by a continuation"; the continuation's tokens are the
 * scored ones (the very first token of a sequence is never scored: nothing predicts it).
 * <ul>
 *   <li>TEXT: empty context, one continuation (a held-out window): loss over the whole window.</li>
 *   <li>CLOZE: a passage as context, one continuation (the answer word): loss over the answer only, plus accuracy
 *   (every answer token is the model's top choice).</li>
 *   <li>CHOICE: a prompt as context and several options; the option with the highest summed log-likelihood is the
 *   prediction (accuracy), and the loss is that of the correct option.</li>
 * </ul>
 */
public record EvalItem(String id, String suite, Kind kind, String domain, int[] context, List<int[]> options,
                       int correct) {
    public enum Kind { TEXT, CLOZE, CHOICE }

    public EvalItem {
        if (options.isEmpty()) {
            throw new IllegalArgumentException("item " + id + " has no continuation");
        }
        if (kind != Kind.CHOICE && options.size() != 1) {
            throw new IllegalArgumentException("item " + id + ": a " + kind + " item has exactly one continuation");
        }
        if (correct < 0 || correct >= options.size()) {
            throw new IllegalArgumentException("item " + id + ": answer index " + correct + " outside the options");
        }
        options = List.copyOf(options);
    }

    /** The full token sequence for one option (TEXT and CLOZE: option 0). */
    public int[] sequence(int option) {
        int[] cont = options.get(option);
        int[] seq = Arrays.copyOf(context, context.length + cont.length);
        System.arraycopy(cont, 0, seq, context.length, cont.length);
        return seq;
    }

    /** First scored position in {@link #sequence(int)}; every later position is scored too. */
    public int firstScored() {
        return Math.max(1, context.length);
    }

    /** mask[j] is true when token j of the sequence is scored (predicted from tokens before it). */
    public boolean[] scoredMask(int option) {
        boolean[] mask = new boolean[context.length + options.get(option).length];
        for (int j = firstScored(); j < mask.length; j++) {
            mask[j] = true;
        }
        return mask;
    }

    /** The answer tokens (TEXT: the window; CLOZE: the answer; CHOICE: the correct option). */
    public int[] answer() {
        return options.get(correct);
    }

    /**
     * The same item with every sequence at most maxLength tokens, for models with a short context: the context is
     * cut from the left (the scored part is kept); a continuation that alone is too long keeps its beginning.
     */
    public EvalItem fitTo(int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be at least 2");
        }
        int longest = options.stream().mapToInt(o -> o.length).max().orElse(0);
        if (context.length + longest <= maxLength) {
            return this;
        }
        int keepContext = context.length == 0 ? 0 : Math.max(1, maxLength - longest);
        int[] ctx = Arrays.copyOfRange(context, context.length - Math.min(keepContext, context.length), context.length);
        List<int[]> opts = new ArrayList<>();
        for (int[] o : options) {
            opts.add(o.length + ctx.length <= maxLength ? o : Arrays.copyOf(o, maxLength - ctx.length));
        }
        return new EvalItem(id, suite, kind, domain, ctx, opts, correct);
    }
}
