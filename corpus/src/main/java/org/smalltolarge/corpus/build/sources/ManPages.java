package org.smalltolarge.corpus.build.sources;

import org.smalltolarge.corpus.Document;
import org.smalltolarge.corpus.build.DomainSource;
import org.smalltolarge.corpus.build.FetchedPackage;
import org.smalltolarge.corpus.build.PackageRef;
import org.smalltolarge.corpus.build.Text;
import org.smalltolarge.corpus.build.Tools;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Linux man pages rendered to plain text with groff: one page per document; ".so" aliases skipped. */
public final class ManPages implements DomainSource {
    static final String PAGES = "manpages";
    static final String DEV = "manpages-dev";

    public String domain() {
        return "man_pages";
    }

    public String licence() {
        return "mixed permissive (Linux man-pages project licences: Verbatim, BSD, GPL-2.0+ for some pages)";
    }

    public List<PackageRef> packages() {
        return List.of(PackageRef.deb(PAGES), PackageRef.deb(DEV));
    }

    public List<Document> extract(Map<String, FetchedPackage> pkgs, long capBytes) throws Exception {
        Tools.runOrFail(List.of("groff", "-v"), null);
        List<Path> pages = new ArrayList<>();
        for (String name : List.of(PAGES, DEV)) {
            for (Path f : pkgs.get(name).files("usr/share/man")) {
                if (f.getFileName().toString().endsWith(".gz") && f.getParent().getFileName().toString().startsWith("man")) {
                    pages.add(f);
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<Document>> futures = new ArrayList<>();
            for (Path page : pages) {
                futures.add(pool.submit(() -> render(page)));
            }
            List<Document> out = new ArrayList<>();
            for (Future<Document> f : futures) {
                Document d = f.get();
                if (d != null) {
                    out.add(d);
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private Document render(Path page) {
        byte[] source = Text.gunzip(page);
        if (isAlias(new String(source, StandardCharsets.UTF_8))) {
            return null;
        }
        // -t runs tbl for pages with tables; -P-cbou asks grotty for plain text without overstriking or colour.
        Tools.Result r = Tools.run(List.of("groff", "-t", "-man", "-Tutf8", "-P-cbou", "-rLL=78n", "-rcR=1"),
                null, source);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("groff failed on " + page + ": " + r.stderr().strip());
        }
        String text = Text.clean(r.out());
        if (text.isEmpty()) {
            return null;
        }
        String section = page.getParent().getFileName().toString();
        String name = page.getFileName().toString().replaceAll("\\.gz$", "");
        return Document.of("man_pages/" + section + "/" + name, domain(), text, Map.of("section", section.substring(3)));
    }

    /** A page whose only request is ".so other-page" just points at another page. */
    static boolean isAlias(String source) {
        for (String line : source.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith(".\\\"") || l.startsWith("'\\\"")) {
                continue;
            }
            return l.startsWith(".so ");
        }
        return true;
    }
}
