package org.smalltolarge.corpus.build.sources;

import org.smalltolarge.corpus.Document;
import org.smalltolarge.corpus.Hashing;
import org.smalltolarge.corpus.build.DomainSource;
import org.smalltolarge.corpus.build.FetchedPackage;
import org.smalltolarge.corpus.build.PackageRef;
import org.smalltolarge.corpus.build.Text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The OpenJDK class library source (src.zip): one .java file per document, licence header removed. */
public final class CodeJava implements DomainSource {
    static final String PKG = "openjdk-17-source";
    static final int MAX_BYTES = 150_000;
    private static final String ID_PREFIX = "code_java/";
    /** Locale data and charset tables are generated, not written. */
    private static final Pattern GENERATED = Pattern.compile(
            "^(jdk\\.localedata|jdk\\.charsets)/.*|.*/sun/nio/cs/.*|.*/sun/text/resources/.*|.*/sun/util/resources/.*");
    private static final Pattern LICENCE_HEADER = Pattern.compile("\\A\\s*/\\*.*?\\*/\\s*", Pattern.DOTALL);

    public String domain() {
        return "code_java";
    }

    public String licence() {
        return "GPL-2.0 with Classpath exception";
    }

    public List<PackageRef> packages() {
        return List.of(PackageRef.deb(PKG, "openjdk-21-source"));
    }

    public List<Document> extract(Map<String, FetchedPackage> pkgs, long capBytes) throws IOException {
        Path zip = srcZip(pkgs.get(PKG).root().resolve("usr/lib/jvm"));
        List<Document> out = new ArrayList<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            // Hash-of-id order lets the 200 MB archive stop being read once the cap is filled (see DomainSource).
            List<? extends ZipEntry> entries = new ArrayList<>(Collections.list(z.entries()));
            entries.sort(Comparator.comparingLong((ZipEntry e) -> Hashing.hash64(ID_PREFIX + e.getName()))
                    .thenComparing(ZipEntry::getName));
            long bytes = 0;
            for (ZipEntry e : entries) {
                if (bytes > capBytes + capBytes / 10) {
                    break;
                }
                String name = e.getName();
                if (e.isDirectory() || !name.endsWith(".java") || GENERATED.matcher(name).matches()
                        || e.getSize() > MAX_BYTES) {
                    continue;
                }
                String text = new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
                var header = LICENCE_HEADER.matcher(text);
                if (header.lookingAt() && header.group().contains("Copyright")) {
                    text = text.substring(header.end());
                }
                text = Text.clean(text);
                if (!text.isEmpty()) {
                    out.add(Document.of(ID_PREFIX + name, domain(), text, Map.of()));
                    bytes += text.getBytes(StandardCharsets.UTF_8).length;
                }
            }
        }
        return out;
    }

    private static Path srcZip(Path jvm) {
        try (Stream<Path> s = Files.walk(jvm)) {
            return s.filter(p -> p.getFileName().toString().equals("src.zip") && Files.isRegularFile(p)).sorted()
                    .findFirst().orElseThrow(() -> new IllegalStateException("no src.zip under " + jvm));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
