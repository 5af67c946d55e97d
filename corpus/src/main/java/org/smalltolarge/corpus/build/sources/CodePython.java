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

/** The Python standard library's source: one module per document, generated tables skipped. */
public final class CodePython implements DomainSource {
    static final String MINIMAL = "libpython3.11-minimal";
    static final String STDLIB = "libpython3.11-stdlib";
    /** Larger files are generated data (e.g. pydoc topics, Unicode tables), not code people write. */
    static final int MAX_BYTES = 200_000;

    public String domain() {
        return "code_python";
    }

    public String licence() {
        return "PSF-2.0";
    }

    public List<PackageRef> packages() {
        return List.of(PackageRef.deb(MINIMAL, "libpython3.12-minimal", "libpython3.13-minimal"),
                PackageRef.deb(STDLIB, "libpython3.12-stdlib", "libpython3.13-stdlib"));
    }

    public List<Document> extract(Map<String, FetchedPackage> pkgs, long capBytes) {
        List<Document> out = new ArrayList<>();
        for (String name : List.of(MINIMAL, STDLIB)) {
            FetchedPackage p = pkgs.get(name);
            Path lib = libDir(p.root().resolve("usr/lib"));
            for (Path f : p.files(p.rel(lib))) {
                String rel = lib.relativize(f).toString();
                if (!rel.endsWith(".py") || generated(rel) || size(f) > MAX_BYTES) {
                    continue;
                }
                String text = Text.clean(Text.read(f));
                if (text.contains("Python Character Mapping Codec") || text.isEmpty()) {
                    continue;
                }
                out.add(Document.of("code_python/" + rel, domain(), text, Map.of("package", p.name())));
            }
        }
        return out;
    }

    private static boolean generated(String rel) {
        return rel.startsWith("encodings/") && !rel.equals("encodings/__init__.py")
                || rel.contains("_sysconfigdata") || rel.startsWith("test/") || rel.startsWith("lib2to3/tests/");
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path libDir(Path usrLib) {
        try (Stream<Path> s = Files.list(usrLib)) {
            return s.filter(d -> d.getFileName().toString().matches("python3\\.\\d+")).sorted().findFirst()
                    .orElseThrow(() -> new IllegalStateException("no python3.X folder under " + usrLib));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
