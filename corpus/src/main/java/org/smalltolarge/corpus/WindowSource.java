package org.smalltolarge.corpus;

import java.util.Arrays;
import java.util.List;

/** A token stream that windows are cut from, read cyclically so any window position is valid. */
interface WindowSource {
    long length();

    int get(long pos);

    /** The document holding most tokens of [pos, pos+len), the earlier one on a tie. */
    String majorityDoc(long pos, int len);

    String domainAt(long pos);

    /** The training split of one domain. */
    static WindowSource of(String domain, TokenFile file) {
        return new WindowSource() {
            public long length() {
                return file.length();
            }

            public int get(long pos) {
                return file.get(Math.floorMod(pos, file.length()));
            }

            public String majorityDoc(long pos, int len) {
                return majority(len, pos, file.length(), p -> {
                    int d = file.docAt(p);
                    return new long[] {d, file.docStart(d) + file.docLength(d) + 1};
                }, d -> file.docId((int) d));
            }

            public String domainAt(long pos) {
                return domain;
            }
        };
    }

    /** Only the given documents, concatenated in the given order (each with its EOD). */
    static WindowSource ofDocuments(List<Corpus.DocRef> docs, Corpus corpus) {
        int n = docs.size();
        TokenFile[] files = new TokenFile[n];
        long[] starts = new long[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            Corpus.DocRef r = docs.get(i);
            files[i] = corpus.tokens(r.domain(), r.split());
            starts[i] = total;
            total += files[i].docLength(r.index()) + 1L;
        }
        long length = total;
        return new WindowSource() {
            public long length() {
                return length;
            }

            private int segment(long p) {
                int i = Arrays.binarySearch(starts, p);
                return i >= 0 ? i : -i - 2;
            }

            public int get(long pos) {
                long p = Math.floorMod(pos, length);
                int s = segment(p);
                Corpus.DocRef r = docs.get(s);
                return files[s].get(files[s].docStart(r.index()) + (p - starts[s]));
            }

            public String majorityDoc(long pos, int len) {
                return majority(len, pos, length, p -> {
                    int s = segment(p);
                    return new long[] {s, s + 1 < n ? starts[s + 1] : length};
                }, s -> docs.get((int) s).id());
            }

            public String domainAt(long pos) {
                return docs.get(segment(Math.floorMod(pos, length))).domain();
            }
        };
    }

    /**
     * Walks [pos, pos+len) over a cyclic stream of the given length; locate(p) gives {doc, end of doc}.
     */
    private static String majority(int len, long pos, long length, java.util.function.LongFunction<long[]> locate,
                                   java.util.function.LongFunction<String> idOf) {
        long bestDoc = -1;
        long bestCount = -1;
        long remaining = len;
        long p = Math.floorMod(pos, length);
        while (remaining > 0) {
            long[] de = locate.apply(p);
            long count = Math.min(remaining, de[1] - p);
            if (count > bestCount) {
                bestCount = count;
                bestDoc = de[0];
            }
            remaining -= count;
            p = de[1] == length ? 0 : de[1];
        }
        return idOf.apply(bestDoc);
    }
}
