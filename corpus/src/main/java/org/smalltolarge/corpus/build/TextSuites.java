package org.smalltolarge.corpus.build;

import org.smalltolarge.corpus.Document;
import org.smalltolarge.corpus.Hashing;
import org.smalltolarge.corpus.eval.EvalItem;
import org.smalltolarge.corpus.eval.SuiteLine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The suites cut from each domain's test split: held-out windows and last-word (LAMBADA-style) items. */
final class TextSuites {
    /** Window and passage sizes in bytes (= tokens) so every item fits a 128-token model. */
    static final int HELDOUT_BYTES = 128;
    static final int LASTWORD_CONTEXT_BYTES = 100;
    static final int LASTWORD_MIN_CONTEXT = 40;
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=\\s)([A-Za-z]{3,})[.!?](?=\\s|$|[\"')])");

    private TextSuites() {
    }

    static List<SuiteLine> heldout(Map<String, List<Document>> testDocs, int perDomain) {
        List<SuiteLine> out = new ArrayList<>();
        testDocs.forEach((domain, docs) -> {
            List<List<SuiteLine>> perDoc = new ArrayList<>();
            for (Document d : byHash(docs)) {
                List<SuiteLine> windows = new ArrayList<>();
                byte[] b = d.text().getBytes(StandardCharsets.UTF_8);
                int start = 0;
                while (start < b.length) {
                    int end = Math.min(b.length, start + HELDOUT_BYTES);
                    while (end < b.length && end > start && (b[end] & 0xC0) == 0x80) {
                        end--; // never split a UTF-8 character
                    }
                    String w = new String(b, start, end - start, StandardCharsets.UTF_8);
                    if (w.replaceAll("\\s", "").length() >= 32) {
                        windows.add(new SuiteLine("heldout/" + d.id() + "@" + start, "heldout", EvalItem.Kind.TEXT,
                                domain, "", List.of(w), 0));
                    }
                    start = end;
                }
                perDoc.add(windows);
            }
            out.addAll(roundRobin(perDoc, perDomain));
        });
        return out;
    }

    static List<SuiteLine> lastword(Map<String, List<Document>> testDocs, int perDomain) {
        List<SuiteLine> out = new ArrayList<>();
        testDocs.forEach((domain, docs) -> {
            List<List<SuiteLine>> perDoc = new ArrayList<>();
            // domains with few long test documents (speeches) take more items from each
            int perDocLimit = Math.max(3, (perDomain + docs.size() - 1) / Math.max(1, docs.size()));
            for (Document d : byHash(docs)) {
                List<SuiteLine> found = new ArrayList<>();
                Matcher m = SENTENCE_END.matcher(d.text());
                while (m.find()) {
                    String context = contextBefore(d.text(), m.start(1) - 1);
                    if (context != null) {
                        found.add(new SuiteLine("lastword/" + d.id() + "@" + m.start(1), "lastword",
                                EvalItem.Kind.CLOZE, domain, context, List.of(" " + m.group(1)), 0));
                    }
                }
                perDoc.add(spread(found, perDocLimit));
            }
            out.addAll(roundRobin(perDoc, perDomain));
        });
        return out;
    }

    /** Up to LASTWORD_CONTEXT_BYTES before end, starting at a word; null when too short. */
    private static String contextBefore(String text, int end) {
        int from = end;
        int bytes = 0;
        while (from > 0) {
            char c = text.charAt(from - 1);
            int size = String.valueOf(c).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > LASTWORD_CONTEXT_BYTES) {
                break;
            }
            bytes += size;
            from--;
        }
        if (from > 0) {
            while (from < end && !Character.isWhitespace(text.charAt(from - 1))) {
                from++;
            }
        }
        String ctx = text.substring(from, end);
        return ctx.getBytes(StandardCharsets.UTF_8).length >= LASTWORD_MIN_CONTEXT ? ctx : null;
    }

    /** At most n evenly spaced elements, so one document's items come from all of it. */
    private static <T> List<T> spread(List<T> all, int n) {
        if (all.size() <= n) {
            return all;
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(all.get((int) ((long) i * all.size() / n)));
        }
        return out;
    }

    /** First item of every document, then the second, ... until n items: spreads a suite over documents. */
    private static <T> List<T> roundRobin(List<List<T>> lists, int n) {
        List<T> out = new ArrayList<>();
        for (int round = 0; out.size() < n; round++) {
            boolean any = false;
            for (List<T> l : lists) {
                if (round < l.size() && out.size() < n) {
                    out.add(l.get(round));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return out;
    }

    static List<Document> byHash(List<Document> docs) {
        List<Document> sorted = new ArrayList<>(docs);
        sorted.sort(Comparator.comparingLong((Document d) -> Hashing.hash64(d.id())).thenComparing(Document::id));
        return sorted;
    }
}
