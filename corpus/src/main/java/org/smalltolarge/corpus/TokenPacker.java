package org.smalltolarge.corpus;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Packs one domain's documents into token files, one pair per split:
 * {@code <domain>.<split>.bin} (unsigned 16-bit little-endian tokens, each document followed by EOD) and
 * {@code <domain>.<split>.idx} (one line per document: id, first token, token count without the EOD).
 * All six files appear together by rename only after every document was written.
 */
public final class TokenPacker implements AutoCloseable {
    private final Path dir;
    private final String domain;
    private final Map<Split, Part> parts = new EnumMap<>(Split.class);
    private boolean committed;

    private static final class Part {
        Path binTmp;
        Path idxTmp;
        OutputStream bin;
        OutputStream idx;
        long tokens;
        long docs;
    }

    public TokenPacker(Path dir, String domain) {
        this.dir = dir;
        this.domain = domain;
        try {
            Files.createDirectories(dir);
            for (Split s : Split.values()) {
                Part p = new Part();
                p.binTmp = Files.createTempFile(dir, "." + domain + "." + s.id(), ".bin.tmp");
                p.idxTmp = Files.createTempFile(dir, "." + domain + "." + s.id(), ".idx.tmp");
                p.bin = new BufferedOutputStream(Files.newOutputStream(p.binTmp), 1 << 16);
                p.idx = new BufferedOutputStream(Files.newOutputStream(p.idxTmp), 1 << 16);
                parts.put(s, p);
            }
        } catch (IOException e) {
            abort();
            throw new UncheckedIOException("cannot create token files in " + dir, e);
        }
    }

    public static Path binFile(Path dir, String domain, Split split) {
        return dir.resolve(domain + "." + split.id() + ".bin");
    }

    public static Path idxFile(Path dir, String domain, Split split) {
        return dir.resolve(domain + "." + split.id() + ".idx");
    }

    public void add(Document doc) {
        Part p = parts.get(doc.split());
        byte[] bytes = doc.text().getBytes(StandardCharsets.UTF_8);
        try {
            byte[] buf = new byte[bytes.length * 2 + 2];
            for (int i = 0; i < bytes.length; i++) {
                buf[2 * i] = bytes[i];
                buf[2 * i + 1] = 0;
            }
            buf[2 * bytes.length] = (byte) (ByteTokenizer.EOD & 0xFF);
            buf[2 * bytes.length + 1] = (byte) (ByteTokenizer.EOD >>> 8);
            p.bin.write(buf);
            p.idx.write((doc.id() + "\t" + p.tokens + "\t" + bytes.length + "\n").getBytes(StandardCharsets.UTF_8));
            p.tokens += bytes.length + 1L;
            p.docs++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write token files for " + domain, e);
        }
    }

    public long docs(Split s) {
        return parts.get(s).docs;
    }

    /** Tokens written for a split, EOD markers included. */
    public long tokens(Split s) {
        return parts.get(s).tokens;
    }

    /** Closes and renames the temp files into place. */
    public void commit() {
        try {
            for (Part p : parts.values()) {
                p.bin.close();
                p.idx.close();
            }
            for (Map.Entry<Split, Part> e : parts.entrySet()) {
                AtomicFiles.publish(e.getValue().binTmp, binFile(dir, domain, e.getKey()));
                AtomicFiles.publish(e.getValue().idxTmp, idxFile(dir, domain, e.getKey()));
            }
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish token files for " + domain, e);
        }
    }

    @Override
    public void close() {
        if (!committed) {
            abort();
        }
    }

    private void abort() {
        List<Path> tmps = new ArrayList<>();
        for (Part p : parts.values()) {
            try {
                if (p.bin != null) {
                    p.bin.close();
                }
                if (p.idx != null) {
                    p.idx.close();
                }
            } catch (IOException ignored) {
                // the temp files are deleted below either way
            }
            tmps.add(p.binTmp);
            tmps.add(p.idxTmp);
        }
        for (Path t : tmps) {
            try {
                if (t != null) {
                    Files.deleteIfExists(t);
                }
            } catch (IOException ignored) {
                // a leftover ".tmp" is never read as a token file
            }
        }
    }
}
