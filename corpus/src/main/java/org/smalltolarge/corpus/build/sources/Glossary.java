package org.smalltolarge.corpus.build.sources;

import org.smalltolarge.corpus.Document;
import org.smalltolarge.corpus.build.DomainSource;
import org.smalltolarge.corpus.build.FetchedPackage;
import org.smalltolarge.corpus.build.PackageRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Computing glossaries: FOLDOC and the Jargon File, one entry per document. */
public final class Glossary implements DomainSource {
    static final String FOLDOC = "dict-foldoc";
    static final String JARGON = "dict-jargon";

    public String domain() {
        return "glossary";
    }

    public String licence() {
        return "FOLDOC: GFDL-1.1-or-later; Jargon File: public domain";
    }

    public List<PackageRef> packages() {
        return List.of(PackageRef.deb(FOLDOC), PackageRef.deb(JARGON));
    }

    public List<Document> extract(Map<String, FetchedPackage> pkgs, long capBytes) {
        List<Document> out = new ArrayList<>(Dictionary.fromDictd(pkgs.get(FOLDOC), "foldoc", domain(), "glossary/foldoc/"));
        out.addAll(Dictionary.fromDictd(pkgs.get(JARGON), "jargon", domain(), "glossary/jargon/"));
        return out;
    }
}
