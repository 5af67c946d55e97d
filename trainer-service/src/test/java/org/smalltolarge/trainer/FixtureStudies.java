package org.smalltolarge.trainer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Small studies over the fixture corpus (src/test/resources/corpus: real text of two domains): two mixtures of
 * fiction and speeches at a proxy scale "xs" and a reference scale "ref", sized per test.
 */
final class FixtureStudies {
    private FixtureStudies() {
    }

    /** {@code xs} and {@code ref} are model shapes in flow YAML, e.g. {@code {d_model: 16, layers: 1, heads: 2, context: 32}}. */
    static String fictionVersusSpeeches(String id, Path corpus, String xs, long xsTokens, String ref, long refTokens,
            long seed, double learningRate) {
        return """
                id: %s
                corpus: %s
                distributions:
                  - name: fiction_heavy
                    mixture: {fiction: 3, speeches: 1}
                  - name: speech_heavy
                    mixture: {fiction: 1, speeches: 3}
                scales:
                  - name: xs
                    model: %s
                    tokens: %d
                  - name: ref
                    model: %s
                    tokens: %d
                reference: ref
                seeds: [%d]
                training: {batch_size: 16, learning_rate: %s}
                """.formatted(id, corpus, xs, xsTokens, ref, refTokens, seed, learningRate);
    }

    /** The fixture corpus copied out of the class path, so that its token cache is written to a temp folder. */
    static Path copyCorpus() {
        try {
            Path dir = Files.createTempDirectory("s2l-corpus");
            for (String name : List.of("fiction.jsonl", "speeches.jsonl")) {
                try (InputStream in = FixtureStudies.class.getResourceAsStream("/corpus/" + name)) {
                    Files.copy(in, dir.resolve(name));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
