package org.smalltolarge.corpus.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.smalltolarge.corpus.Hashing;
import org.smalltolarge.corpus.build.sources.Factbook;
import org.smalltolarge.corpus.eval.EvalItem;
import org.smalltolarge.corpus.eval.SuiteLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Multiple-choice suites: WordNet cloze and definition-to-word, country capitals, sentiment. */
final class ChoiceSuites {
    /** Longest item text in bytes, so items fit a 128-token model with room to spare. */
    static final int MAX_ITEM_BYTES = 110;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChoiceSuites() {
    }

    record Candidate(String id, String context, String answer, String suffix, Set<String> exclude, String pool) {
    }

    static List<SuiteLine> wordnetCloze(Path dictDir, int max) {
        List<Candidate> cands = new ArrayList<>();
        Map<String, Pools> pools = new HashMap<>();
        for (String pos : WordNet.POS) {
            Pools pool = pools.computeIfAbsent(pos, p -> new Pools());
            for (WordNet.Synset s : WordNet.read(dictDir, pos)) {
                s.simpleWords().forEach(pool::add);
                int n = 0;
                for (String example : s.examples()) {
                    for (String w : s.simpleWords()) {
                        Matcher m = Pattern.compile("\\b" + w + "\\b").matcher(example);
                        if (!m.find() || m.start() < 12 || example.charAt(m.start() - 1) != ' '
                                || bytes(example) > MAX_ITEM_BYTES) {
                            continue;
                        }
                        cands.add(new Candidate("wordnet_cloze/" + pos + "/" + s.offset() + "/" + n++,
                                example.substring(0, m.start() - 1), w, example.substring(m.end()),
                                Set.copyOf(s.words()), pos));
                        break;
                    }
                }
            }
        }
        return toItems("wordnet_cloze", cands, pools, max);
    }

    static List<SuiteLine> wordnetDefinition(Path dictDir, int max) {
        List<Candidate> cands = new ArrayList<>();
        Map<String, Pools> pools = new HashMap<>();
        for (String pos : WordNet.POS) {
            Pools pool = pools.computeIfAbsent(pos, p -> new Pools());
            for (WordNet.Synset s : WordNet.read(dictDir, pos)) {
                s.simpleWords().forEach(pool::add);
                String context = "Definition: " + s.definition() + "\nWord:";
                if (s.simpleWords().isEmpty() || s.definition().length() < 10 || bytes(context) > MAX_ITEM_BYTES - 12) {
                    continue;
                }
                cands.add(new Candidate("wordnet_definition/" + pos + "/" + s.offset(), context,
                        s.simpleWords().get(0), "", Set.copyOf(s.words()), pos));
            }
        }
        return toItems("wordnet_definition", cands, pools, max);
    }

    /** Keeps the first max candidates in hash order and adds three distractors of similar length to each. */
    private static List<SuiteLine> toItems(String suite, List<Candidate> cands, Map<String, Pools> pools, int max) {
        cands.sort(Comparator.comparingLong((Candidate c) -> Hashing.hash64(c.id())).thenComparing(Candidate::id));
        List<SuiteLine> out = new ArrayList<>();
        for (Candidate c : cands.subList(0, Math.min(max, cands.size()))) {
            SplittableRandom rnd = new SplittableRandom(Hashing.hash64(c.id()));
            List<String> words = pools.get(c.pool()).distractors(c.answer(), c.exclude(), 3, rnd);
            int correct = rnd.nextInt(words.size() + 1);
            words.add(correct, c.answer());
            List<String> options = words.stream().map(w -> " " + w + c.suffix()).toList();
            out.add(new SuiteLine(c.id(), suite, EvalItem.Kind.CHOICE, null, c.context(), options, correct));
        }
        return out;
    }

    /** Words of one part of speech bucketed by length, so distractors are about as long as the answer. */
    private static final class Pools {
        private final Map<Integer, Set<String>> byLength = new TreeMap<>();

        void add(String w) {
            byLength.computeIfAbsent(w.length(), k -> new LinkedHashSet<>()).add(w);
        }

        List<String> distractors(String answer, Set<String> exclude, int n, SplittableRandom rnd) {
            List<String> near = new ArrayList<>();
            for (int spread = 0; near.size() < 50 && spread < 20; spread++) {
                for (int len : new int[] {answer.length() - spread, answer.length() + spread}) {
                    for (String w : byLength.getOrDefault(len, Set.of())) {
                        if (!exclude.contains(w) && !w.equals(answer) && !near.contains(w)) {
                            near.add(w);
                        }
                    }
                    if (spread == 0) {
                        break;
                    }
                }
            }
            List<String> out = new ArrayList<>();
            while (out.size() < n && !near.isEmpty()) {
                out.add(near.remove(rnd.nextInt(near.size())));
            }
            return out;
        }
    }

    static List<SuiteLine> capitals(FetchedPackage factbook) {
        Map<String, String[]> countries = new TreeMap<>();
        for (Path f : Factbook.countryFiles(factbook)) {
            JsonNode root = readJson(f);
            String country = Factbook.countryName(root);
            String capital = cleanCapital(root.path("Government").path("Capital").path("name").path("text").asText(""));
            if (country != null && !capital.isEmpty() && capital.length() <= 30
                    && !capital.toLowerCase().startsWith("none")
                    && !capital.toLowerCase().startsWith("no official")) {
                countries.put(Text.base(f), new String[] {country, capital});
            }
        }
        List<String> capitals = countries.values().stream().map(c -> c[1]).distinct().sorted().toList();
        List<SuiteLine> out = new ArrayList<>();
        countries.forEach((code, c) -> {
            String id = "capitals/" + code;
            SplittableRandom rnd = new SplittableRandom(Hashing.hash64(id));
            List<String> options = new ArrayList<>();
            while (options.size() < 3) {
                String other = capitals.get(rnd.nextInt(capitals.size()));
                if (!other.equals(c[1]) && !options.contains(other)) {
                    options.add(other);
                }
            }
            int correct = rnd.nextInt(4);
            options.add(correct, c[1]);
            out.add(new SuiteLine(id, "capitals", EvalItem.Kind.CHOICE, null, "The capital of " + c[0] + " is",
                    options.stream().map(o -> " " + o).toList(), correct));
        });
        return out;
    }

    /** "Jerusalem: note - ...", "Pretoria (administrative); ...", "Chisinau in Romanian" -> the name alone. */
    static String cleanCapital(String raw) {
        return raw.split("[;:(]| note\\b")[0].replaceAll(" in [A-Z][a-z]+$", "").strip();
    }

    static List<SuiteLine> sentiment(FetchedPackage pkg, int max) {
        List<SuiteLine> all = new ArrayList<>();
        for (String source : List.of("amazon", "imdb", "yelp")) {
            Path f = pkg.root().resolve("test/fixtures/" + source + ".json");
            JsonNode arr;
            try {
                arr = JSON.readTree(f.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot parse " + f, e);
            }
            for (int i = 0; i < arr.size(); i++) {
                String text = arr.get(i).path("text").asText("").strip().replaceAll("\\s+", " ");
                String context = "Review: " + text + "\nSentiment:";
                if (text.length() < 10 || bytes(context) > MAX_ITEM_BYTES - 10) {
                    continue;
                }
                all.add(new SuiteLine("sentiment/" + source + "/" + i, "sentiment", EvalItem.Kind.CHOICE, source,
                        context, List.of(" negative", " positive"), arr.get(i).path("class").asInt()));
            }
        }
        all.sort(Comparator.comparingLong((SuiteLine l) -> Hashing.hash64(l.id())).thenComparing(SuiteLine::id));
        return all.subList(0, Math.min(max, all.size()));
    }

    private static JsonNode readJson(Path f) {
        try {
            return JSON.readTree(f.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + f, e);
        }
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
