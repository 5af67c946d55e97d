package org.smalltolarge.corpus.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Synsets read from WordNet's data.{noun,verb,adj,adv} files. */
final class WordNet {
    static final List<String> POS = List.of("noun", "verb", "adj", "adv");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    /** words: the synset's lemmas (underscores as spaces); examples: the quoted sentences of the gloss. */
    record Synset(String pos, String offset, List<String> words, String definition, List<String> examples) {
        /** Lower-case one-word lemmas, the only ones used as answers and distractors. */
        List<String> simpleWords() {
            return words.stream().filter(w -> w.matches("[a-z]{3,}")).toList();
        }
    }

    private WordNet() {
    }

    static List<Synset> read(Path dictDir, String pos) {
        List<Synset> out = new ArrayList<>();
        for (String line : Text.read(dictDir.resolve("data." + pos)).split("\n")) {
            if (line.startsWith("  ") || line.isBlank()) {
                continue; // licence header
            }
            int bar = line.indexOf(" | ");
            if (bar < 0) {
                continue;
            }
            String[] f = line.substring(0, bar).split(" ");
            int count = Integer.parseInt(f[3], 16);
            List<String> words = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                words.add(f[4 + 2 * i].replaceAll("\\((a|p|ip)\\)$", "").replace('_', ' '));
            }
            String gloss = line.substring(bar + 3).strip();
            List<String> examples = new ArrayList<>();
            Matcher m = QUOTED.matcher(gloss);
            while (m.find()) {
                examples.add(m.group(1).strip());
            }
            int firstQuote = gloss.indexOf('"');
            String definition = (firstQuote < 0 ? gloss : gloss.substring(0, firstQuote)).strip()
                    .replaceAll("[;:\\s]+$", "");
            out.add(new Synset(pos, f[0], words, definition, examples));
        }
        return out;
    }
}
