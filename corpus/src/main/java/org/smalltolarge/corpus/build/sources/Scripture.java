package org.smalltolarge.corpus.build.sources;

import org.smalltolarge.corpus.Document;
import org.smalltolarge.corpus.build.DomainSource;
import org.smalltolarge.corpus.build.FetchedPackage;
import org.smalltolarge.corpus.build.PackageRef;
import org.smalltolarge.corpus.build.Text;
import org.smalltolarge.corpus.build.Tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The King James Bible: one chapter per document. The text package stores it compressed in its own format, so the
 * package's own reader ({@code bible} from bible-kjv, run from the unpacked folder, not installed) prints it.
 */
public final class Scripture implements DomainSource {
    static final String TEXT = "bible-kjv-text";
    static final String READER = "bible-kjv";
    private static final Pattern HEADING = Pattern.compile("^(\\S.*) (\\d+)$");

    public String domain() {
        return "scripture";
    }

    public String licence() {
        return "public domain (KJV text); reader GPL";
    }

    public List<PackageRef> packages() {
        return List.of(PackageRef.deb(TEXT), PackageRef.deb(READER));
    }

    public List<Document> extract(Map<String, FetchedPackage> pkgs, long capBytes) {
        Path data = pkgs.get(TEXT).root().resolve("usr/lib");
        Path bible = pkgs.get(READER).root().resolve("usr/bin/bible");
        if (!Files.isRegularFile(data.resolve("bible.data"))) {
            throw new IllegalStateException("bible-kjv-text has no usr/lib/bible.data");
        }
        Tools.Result r = Tools.run(List.of(bible.toString(), "-p", data.toString(), "-l1000000", "gen1:1-rev22:21"),
                null, null);
        if (r.exitCode() != 0 || r.stdout().length < 1_000_000) {
            throw new IllegalStateException("the 'bible' program of package bible-kjv failed (exit " + r.exitCode()
                    + "): " + r.stderr().strip() + "; it needs libreadline8 (apt-get install libreadline8)");
        }
        List<Document> out = new ArrayList<>();
        String book = null;
        String chapter = null;
        StringBuilder text = new StringBuilder();
        int bookNo = 0;
        for (String line : r.out().split("\n")) {
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                add(out, book, bookNo, chapter, text);
                if (!h.group(1).equals(book)) {
                    bookNo++;
                }
                book = h.group(1);
                chapter = h.group(2);
                text.setLength(0);
                text.append(line).append("\n\n");
            } else if (!line.isBlank() && book != null) {
                text.append(line.strip()).append('\n');
            }
        }
        add(out, book, bookNo, chapter, text);
        return out;
    }

    private void add(List<Document> out, String book, int bookNo, String chapter, StringBuilder text) {
        if (book != null) {
            String id = String.format("scripture/%02d_%s/%03d", bookNo, book.replace(' ', '_'), Integer.parseInt(chapter));
            out.add(Document.of(id, domain(), Text.clean(text.toString()), Map.of("book", book, "chapter", chapter)));
        }
    }
}
