package org.smalltolarge.corpus.build.sources;

import org.smalltolarge.corpus.Document;
import org.smalltolarge.corpus.build.DomainSource;
import org.smalltolarge.corpus.build.FetchedPackage;
import org.smalltolarge.corpus.build.PackageRef;
import org.smalltolarge.corpus.build.Text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The Python documentation's reStructuredText sources: one page per document. */
public final class PythonDocs implements DomainSource {
    static final String PKG = "python3.11-doc";

    public String domain() {
        return "python_docs";
    }

    public String licence() {
        return "PSF-2.0";
    }

    public List<PackageRef> packages() {
        return List.of(PackageRef.deb(PKG, "python3.12-doc", "python3.13-doc"));
    }

    public List<Document> extract(Map<String, FetchedPackage> pkgs, long capBytes) {
        FetchedPackage p = pkgs.get(PKG);
        Path sources = findSources(p.root().resolve("usr/share/doc"));
        List<Document> out = new ArrayList<>();
        for (Path f : p.files(p.rel(sources))) {
            String rel = sources.relativize(f).toString();
            if (rel.endsWith(".rst.txt")) {
                out.add(Document.of("python_docs/" + rel.replace(".rst.txt", ""), domain(), Text.clean(Text.read(f)),
                        Map.of()));
            }
        }
        return out;
    }

    /** usr/share/doc/python3.X/html/_sources, whatever X the release ships. */
    private static Path findSources(Path docRoot) {
        try (Stream<Path> s = Files.list(docRoot)) {
            return s.map(d -> d.resolve("html/_sources")).filter(Files::isDirectory).sorted().findFirst()
                    .orElseThrow(() -> new IllegalStateException("no html/_sources folder under " + docRoot));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
