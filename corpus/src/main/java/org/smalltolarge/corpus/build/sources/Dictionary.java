package org.smalltolarge.corpus.build.sources;

import org.smalltolarge.corpus.Document;
import org.smalltolarge.corpus.build.Dictd;
import org.smalltolarge.corpus.build.DomainSource;
import org.smalltolarge.corpus.build.FetchedPackage;
import org.smalltolarge.corpus.build.PackageRef;
import org.smalltolarge.corpus.build.Text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** GCIDE (Webster's 1913 plus WordNet, revised): one dictionary entry per document. */
public final class Dictionary implements DomainSource {
    static final String PKG = "dict-gcide";

    public String domain() {
        return "dictionary";
    }

    public String licence() {
        return "GPL-2.0-or-later";
    }

    public List<PackageRef> packages() {
        return List.of(PackageRef.deb(PKG));
    }

    public List<Document> extract(Map<String, FetchedPackage> pkgs, long capBytes) {
        return fromDictd(pkgs.get(PKG), "gcide", domain(), "dictionary/");
    }

    static List<Document> fromDictd(FetchedPackage p, String name, String domain, String idPrefix) {
        List<Document> out = new ArrayList<>();
        for (Dictd.Entry e : Dictd.read(p.root().resolve("usr/share/dictd"), name)) {
            String text = Text.clean(e.text());
            if (text.length() >= 8) {
                out.add(Document.of(idPrefix + e.headword() + "@" + e.offset(), domain, text,
                        Map.of("headword", e.headword(), "source", name)));
            }
        }
        return out;
    }
}
