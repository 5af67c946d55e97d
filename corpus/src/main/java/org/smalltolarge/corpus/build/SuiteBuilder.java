package org.smalltolarge.corpus.build;

import org.smalltolarge.corpus.Document;
import org.smalltolarge.corpus.eval.EvalSuites;
import org.smalltolarge.corpus.eval.SuiteLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Writes the six evaluation suites; each file lists its items in hash-of-id order. */
final class SuiteBuilder {
    static final int VERSION = 1;
    private final BuildConfig cfg;

    SuiteBuilder(BuildConfig cfg) {
        this.cfg = cfg;
    }

    List<EvalSuites.SuiteInfo> build(Path out, Map<String, List<Document>> testDocs, Map<String, FetchedPackage> pkgs) {
        Path wordnet = pkgs.get(Sources.WORDNET.names().get(0)).root().resolve("dict");
        List<EvalSuites.SuiteInfo> infos = new ArrayList<>();
        infos.add(write(out, "heldout", "whole-window loss (all tokens but the first)",
                TextSuites.heldout(testDocs, cfg.heldoutPerDomain())));
        infos.add(write(out, "lastword", "answer-only loss; accuracy = every answer token is the top prediction",
                TextSuites.lastword(testDocs, cfg.lastwordPerDomain())));
        String choice = "4-way choice by summed option log-likelihood; loss of the correct option";
        infos.add(write(out, "wordnet_cloze", choice, ChoiceSuites.wordnetCloze(wordnet, cfg.choiceItems())));
        infos.add(write(out, "wordnet_definition", choice, ChoiceSuites.wordnetDefinition(wordnet, cfg.choiceItems())));
        infos.add(write(out, "capitals", choice, ChoiceSuites.capitals(pkgs.get(Sources.FACTBOOK.names().get(0)))));
        infos.add(write(out, "sentiment", "2-way choice by summed option log-likelihood; loss of the correct option",
                ChoiceSuites.sentiment(pkgs.get(Sources.SENTIMENT.names().get(0)), cfg.choiceItems())));
        return infos;
    }

    private static EvalSuites.SuiteInfo write(Path out, String name, String scoring, List<SuiteLine> lines) {
        if (lines.isEmpty()) {
            throw new IllegalStateException("evaluation suite '" + name + "' came out empty");
        }
        List<SuiteLine> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparingLong((SuiteLine l) -> org.smalltolarge.corpus.Hashing.hash64(l.id()))
                .thenComparing(SuiteLine::id));
        return EvalSuites.write(out, name, VERSION, scoring, sorted);
    }
}
