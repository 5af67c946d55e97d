package org.smalltolarge.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small synthetic corpora written as BYO JSONL folders. */
final class Fixtures {
    private Fixtures() {
    }

    /**
     * One file per domain; every document of domain d is made only of d's letters (domain "a" uses a-e, "b" uses
     * f-j, ...), so a window's domain can be told from its bytes.
     */
    static Path syntheticCorpus(Path dir, Map<String, Integer> docsPerDomain, int docBytes) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom rnd = new SplittableRandom(7);
        int domainNo = 0;
        for (Map.Entry<String, Integer> e : docsPerDomain.entrySet()) {
            char first = (char) ('a' + 5 * domainNo++);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < e.getValue(); i++) {
                StringBuilder sb = new StringBuilder();
                int len = docBytes / 2 + rnd.nextInt(docBytes);
                for (int j = 0; j < len; j++) {
                    sb.append((char) (first + rnd.nextInt(5)));
                }
                lines.add("{\"id\":\"" + e.getKey() + "-" + i + "\",\"text\":\"" + sb + "\",\"split\":\"train\"}");
            }
            Files.write(dir.resolve(e.getKey() + ".jsonl"), lines, StandardCharsets.UTF_8);
        }
        return dir;
    }

    /** The domain whose letters make up a token (EOD belongs to none). */
    static String domainOfToken(int token, List<String> domains) {
        if (token == ByteTokenizer.EOD) {
            return null;
        }
        return domains.get((token - 'a') / 5);
    }
}
