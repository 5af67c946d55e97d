package org.smalltolarge.selector.methods;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Target texts about cats, and a pool of 36 documents whose every sixth one (index % 6 == 0) is about cats and the
 * rest about markets, from templates, so the market vocabulary repeats across the pool as it would in a large one.
 */
final class ToyCorpus {

    static final List<String> TARGET = List.of(
            "the cat sat on the mat", "a kitten purrs and the cat naps", "cats chase a mouse around the house",
            "the kitten sat with the cat");

    private static final List<String> CATS = List.of(
            "my cat naps on the mat", "the kitten chased a mouse", "a cat purrs in the house",
            "cats and kittens sat together", "the mouse ran from the cat", "the kitten naps on a mat");
    private static final String[] SUBJECTS = {
            "bond yields", "stock markets", "the central bank", "investors", "traders", "oil prices", "the dollar"};
    private static final String[] VERBS = {"rose", "fell", "rallied", "slipped", "held steady", "surged"};
    private static final String[] TAILS = {"on inflation data", "after the rate decision",
            "as earnings beat forecasts", "in thin trading", "ahead of the jobs report", "on recession fears"};

    static final List<String> POOL = IntStream.range(0, 36)
            .mapToObj(i -> isCat(i) ? CATS.get(i / 6) : SUBJECTS[i % 7] + " " + VERBS[i % 6] + " " + TAILS[i / 2 % 6])
            .toList();

    static boolean isCat(int poolIndex) {
        return poolIndex % 6 == 0;
    }

    private ToyCorpus() {
    }
}
