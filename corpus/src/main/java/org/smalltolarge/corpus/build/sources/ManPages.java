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
    private static final int BATCH = 40;
    private static final String MARKER = "S2L-END-OF-MAN-PAGE";

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
        List<List<Path>> batches = new ArrayList<>();
        for (int i = 0; i < pages.size(); i += BATCH) {
            batches.add(pages.subList(i, Math.min(pages.size(), i + BATCH)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<List<Document>>> futures = new ArrayList<>();
            for (List<Path> batch : batches) {
                futures.add(pool.submit(() -> renderBatch(batch)));
            }
            List<Document> out = new ArrayList<>();
            for (Future<List<Document>> f : futures) {
                out.addAll(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One groff run renders a batch of pages separated by a marker line (a process per page costs five times
     * more). The footer line that ends a rendered page only appears at the end of a run, so no page keeps it.
     * A batch whose output does not split into one part per page is rendered page by page instead.
     */
    private List<Document> renderBatch(List<Path> batch) {
        List<Path> pages = new ArrayList<>();
        java.io.ByteArrayOutputStream input = new java.io.ByteArrayOutputStream();
        for (Path page : batch) {
            byte[] source = Text.gunzip(page);
            if (!isAlias(new String(source, StandardCharsets.UTF_8))) {
                pages.add(page);
                input.writeBytes(source);
                input.writeBytes(("\n.br\n" + MARKER + "\n.br\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        String[] parts = groff(input.toByteArray(), batch.get(0)).split("(?m)^\\s*" + MARKER + "\\s*$", -1);
        List<Document> out = new ArrayList<>();
        if (parts.length != pages.size() + 1) {
            for (Path page : pages) {
                addPage(out, page, groff(Text.gunzip(page), page).split("(?m)^\\s*" + MARKER + "\\s*$")[0]);
            }
            return out;
        }
        for (int i = 0; i < pages.size(); i++) {
            addPage(out, pages.get(i), parts[i]);
        }
        return out;
    }

    private static String groff(byte[] source, Path where) {
        // -t runs tbl for pages with tables; -P-cbou asks grotty for plain text without overstriking or colour.
        Tools.Result r = Tools.run(List.of("groff", "-t", "-man", "-Tutf8", "-P-cbou", "-rLL=78n", "-rcR=1"),
                null, source);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("groff failed on " + where + " (or the pages after it): " + r.stderr().strip());
        }
        return r.out();
    }

    private void addPage(List<Document> out, Path page, String rendered) {
        String text = Text.clean(dropFooter(rendered));
        if (text.isEmpty()) {
            return;
        }
        String section = page.getParent().getFileName().toString();
        String name = page.getFileName().toString().replaceAll("\\.gz$", "");
        out.add(Document.of("man_pages/" + section + "/" + name, domain(), text, Map.of("section", section.substring(3))));
    }

    /** Removes a trailing "source  date  title(section)" footer line (present on a page rendered alone). */
    static String dropFooter(String rendered) {
        String t = rendered.stripTrailing();
        int nl = t.lastIndexOf('\n');
        String last = t.substring(nl + 1);
        return last.matches("\\S.*\\s{2,}\\S+\\(\\w+\\)") && !last.startsWith(" ") ? t.substring(0, Math.max(0, nl)) : t;
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
