package org.smalltolarge.lm;

import java.util.List;

/** A prompt, several candidate continuations, and the index of the right one. */
public record MultipleChoiceItem(int[] prompt, List<int[]> options, int correct) {

    public MultipleChoiceItem {
        options = List.copyOf(options);
        if (options.size() < 2) {
            throw new IllegalArgumentException("a multiple-choice item needs at least 2 options, got " + options.size());
        }
        if (correct < 0 || correct >= options.size()) {
            throw new IllegalArgumentException("correct index " + correct + " is outside 0.." + (options.size() - 1));
        }
    }
}
