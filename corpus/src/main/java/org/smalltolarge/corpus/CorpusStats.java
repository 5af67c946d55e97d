package org.smalltolarge.corpus;

import org.smalltolarge.corpus.eval.EvalSuites;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The per-domain table and suite sizes printed by {@code bin/data stats} and after a build. */
public final class CorpusStats {
    private CorpusStats() {
    }

    public static void print(Corpus corpus, PrintStream out) {
        out.printf("%-14s %8s %8s %8s %12s %10s %10s %9s%n", "domain", "docs", "val", "test", "train tok",
                "val tok", "test tok", "MB");
        long[] totals = new long[7];
        for (String d : corpus.domains()) {
            long[] row = {
                corpus.docCount(d, Split.TRAIN) + corpus.docCount(d, Split.VAL) + corpus.docCount(d, Split.TEST),
                corpus.docCount(d, Split.VAL), corpus.docCount(d, Split.TEST),
                corpus.tokenCount(d, Split.TRAIN), corpus.tokenCount(d, Split.VAL), corpus.tokenCount(d, Split.TEST),
                // text bytes = tokens minus one EOD per document
                corpus.tokenCount(d, Split.TRAIN) + corpus.tokenCount(d, Split.VAL) + corpus.tokenCount(d, Split.TEST)
                    - corpus.docCount(d, Split.TRAIN) - corpus.docCount(d, Split.VAL) - corpus.docCount(d, Split.TEST)};
            for (int i = 0; i < row.length; i++) {
                totals[i] += row[i];
            }
            out.printf("%-14s %8d %8d %8d %12d %10d %10d %9.2f%n", d, row[0], row[1], row[2], row[3], row[4], row[5],
                    row[6] / 1e6);
        }
        out.printf("%-14s %8d %8d %8d %12d %10d %10d %9.2f%n", "TOTAL (" + corpus.domains().size() + ")", totals[0],
                totals[1], totals[2], totals[3], totals[4], totals[5], totals[6] / 1e6);
        if (Files.isRegularFile(EvalSuites.suitesDir(corpus.dir()).resolve(EvalSuites.MANIFEST))) {
            out.println();
            out.printf("%-20s %6s %8s  %s%n", "suite", "items", "version", "sha256");
            for (Map.Entry<String, EvalSuites.SuiteInfo> e : EvalSuites.readManifest(corpus.dir()).entrySet()) {
                out.printf("%-20s %6d %8d  %s%n", e.getKey(), e.getValue().items(), e.getValue().version(),
                        e.getValue().sha256().substring(0, 16));
            }
        } else {
            out.println("\n(no evaluation suites: a bring-your-own folder has none)");
        }
    }

    /** {@code <repo>/data/corpus}: bin/data passes the repository root as s2l.root. */
    static Path defaultDir() {
        return Path.of(System.getProperty("s2l.root", "."), "data", "corpus");
    }
}
