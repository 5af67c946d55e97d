package org.smalltolarge.corpus.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Text clean-up shared by the sources. */
public final class Text {
    private Text() {
    }

    /** Unix newlines, no trailing spaces, no control characters but tab and newline, at most two blank lines. */
    public static String clean(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        String t = s.replace("\r\n", "\n").replace('\r', '\n');
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\n' || c == '\t' || c >= 0x20 && c != 0x7F && c != 0xFEFF) {
                sb.append(c);
            }
        }
        String out = sb.toString().replaceAll("[ \t]+\n", "\n").replaceAll("\n{4,}", "\n\n\n");
        return out.strip();
    }

    public static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static byte[] gunzip(Path file) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decompress " + file, e);
        }
    }

    /** File name without its last extension. */
    public static String base(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
