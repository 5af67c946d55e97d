package org.smalltolarge.corpus.build.sources;

import org.smalltolarge.corpus.Document;
import org.smalltolarge.corpus.build.DomainSource;
import org.smalltolarge.corpus.build.FetchedPackage;
import org.smalltolarge.corpus.build.PackageRef;
import org.smalltolarge.corpus.build.Text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Fortune cookies and Ambrose Bierce's Devil's Dictionary: one saying per document. */
public final class Aphorisms implements DomainSource {
    static final String FORTUNES = "fortunes";
    static final String DEVIL = "dict-devil";
    /** Files of pictures rather than sayings. */
    private static final Set<String> SKIP = Set.of("art", "ascii-art");

    public String domain() {
        return "aphorisms";
    }

    public String licence() {
        return "fortunes: BSD-style package, quotations of mixed origin; Devil's Dictionary: public domain";
    }

    public List<PackageRef> packages() {
        return List.of(PackageRef.deb(FORTUNES), PackageRef.deb(DEVIL));
    }

    public List<Document> extract(Map<String, FetchedPackage> pkgs, long capBytes) {
        List<Document> out = new ArrayList<>();
        for (Path f : pkgs.get(FORTUNES).files("usr/share/games/fortunes")) {
            String name = f.getFileName().toString();
            if (name.contains(".") || SKIP.contains(name)) {
                continue;
            }
            String[] entries = Text.read(f).split("(?m)^%\\s*$");
            for (int i = 0; i < entries.length; i++) {
                String text = Text.clean(entries[i]);
                if (!text.isEmpty()) {
                    out.add(Document.of(String.format("aphorisms/%s/%05d", name, i), domain(), text,
                            Map.of("source", "fortunes/" + name)));
                }
            }
        }
        out.addAll(Dictionary.fromDictd(pkgs.get(DEVIL), "devil", domain(), "aphorisms/devil/"));
        return out;
    }
}
