package org.smalltolarge.charts;

import java.util.Locale;

/**
 * Data colours: a ten-colour qualitative palette, then evenly spread hues beyond it. The named colours keep a
 * statistic in the same colour on every page and every figure (Pearson is always blue).
 */
public final class Palette {
    private static final String[] QUALITATIVE = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
        "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

    public static final String PEARSON = "#4e79a7";
    public static final String SPEARMAN = "#f28e2b";
    public static final String R2 = "#59a14f";
    public static final String CHANCE = "#c0392b";
    public static final String NEUTRAL = "#7f8c8d";

    private Palette() {
    }

    /** The colour of series number {@code index} (0-based); distinct for any index. */
    public static String color(int index) {
        if (index < QUALITATIVE.length) {
            return QUALITATIVE[index];
        }
        double hue = (index * 137.508) % 360; // golden angle keeps neighbours apart
        return String.format(Locale.ROOT, "hsl(%.0f,55%%,45%%)", hue);
    }
}
