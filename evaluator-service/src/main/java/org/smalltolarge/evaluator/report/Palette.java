package org.smalltolarge.evaluator.report;

import java.util.Locale;

/** Data colours: a ten-colour qualitative palette, then evenly spread hues beyond it. */
final class Palette {
    private static final String[] QUALITATIVE = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
        "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

    static final String PEARSON = "#4e79a7";
    static final String SPEARMAN = "#f28e2b";
    static final String R2 = "#59a14f";
    static final String CHANCE = "#c0392b";
    static final String NEUTRAL = "#7f8c8d";

    private Palette() {
    }

    static String color(int index) {
        if (index < QUALITATIVE.length) {
            return QUALITATIVE[index];
        }
        double hue = (index * 137.508) % 360; // golden angle keeps neighbours apart
        return String.format(Locale.ROOT, "hsl(%.0f,55%%,45%%)", hue);
    }
}
