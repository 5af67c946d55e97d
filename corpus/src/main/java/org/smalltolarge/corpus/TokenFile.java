package org.smalltolarge.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One packed split of one domain, memory-mapped, with its document index. */
public final class TokenFile {
    private static final int CHUNK_TOKENS = 1 << 29; // 1 GiB per mapping: below the 2 GiB buffer limit

    private final Path bin;
    private final long length;
    private final MappedByteBuffer[] chunks;
    private final String[] ids;
    private final long[] starts;
    private final int[] lengths;
    private volatile Map<String, Integer> byId;

    private TokenFile(Path bin, long length, MappedByteBuffer[] chunks, String[] ids, long[] starts, int[] lengths) {
        this.bin = bin;
        this.length = length;
        this.chunks = chunks;
        this.ids = ids;
        this.starts = starts;
        this.lengths = lengths;
    }

    public static TokenFile open(Path bin, Path idx) {
        try {
            List<String> lines = Files.readAllLines(idx, StandardCharsets.UTF_8);
            String[] ids = new String[lines.size()];
            long[] starts = new long[lines.size()];
            int[] lengths = new int[lines.size()];
            for (int i = 0; i < lines.size(); i++) {
                String[] f = lines.get(i).split("\t");
                if (f.length != 3) {
                    throw new CorpusFormatException(idx, i + 1, "expected 'id<TAB>start<TAB>length'");
                }
                ids[i] = f[0];
                starts[i] = Long.parseLong(f[1]);
                lengths[i] = Integer.parseInt(f[2]);
            }
            long bytes = Files.size(bin);
            long length = bytes / 2;
            long expected = lines.isEmpty() ? 0 : starts[lines.size() - 1] + lengths[lines.size() - 1] + 1L;
            if (bytes % 2 != 0 || length != expected) {
                throw new CorpusFormatException(bin + ": holds " + length + " tokens but its index "
                        + idx.getFileName() + " says " + expected + " (incomplete or mismatched token file)");
            }
            int n = (int) ((length + CHUNK_TOKENS - 1) / CHUNK_TOKENS);
            MappedByteBuffer[] chunks = new MappedByteBuffer[n];
            try (FileChannel ch = FileChannel.open(bin, StandardOpenOption.READ)) {
                for (int c = 0; c < n; c++) {
                    long from = (long) c * CHUNK_TOKENS;
                    long count = Math.min(CHUNK_TOKENS, length - from);
                    chunks[c] = ch.map(FileChannel.MapMode.READ_ONLY, from * 2, count * 2);
                    chunks[c].order(ByteOrder.LITTLE_ENDIAN);
                }
            }
            return new TokenFile(bin, length, chunks, ids, starts, lengths);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open token file " + bin + ": " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            throw new CorpusFormatException(idx + ": bad number in index (" + e.getMessage() + ")");
        }
    }

    /** Tokens in the file, EOD markers included. */
    public long length() {
        return length;
    }

    public int get(long pos) {
        if (pos < 0 || pos >= length) {
            throw new IndexOutOfBoundsException("token " + pos + " outside 0.." + (length - 1) + " of " + bin);
        }
        return chunks[(int) (pos / CHUNK_TOKENS)].getShort((int) (pos % CHUNK_TOKENS) * 2) & 0xFFFF;
    }

    public void read(long pos, int[] dst, int offset, int count) {
        for (int i = 0; i < count; i++) {
            dst[offset + i] = get(pos + i);
        }
    }

    public int docCount() {
        return ids.length;
    }

    public String docId(int doc) {
        return ids[doc];
    }

    public long docStart(int doc) {
        return starts[doc];
    }

    /** Token count of a document without its trailing EOD. */
    public int docLength(int doc) {
        return lengths[doc];
    }

    /** The document whose tokens (or trailing EOD) include position pos. */
    public int docAt(long pos) {
        int i = Arrays.binarySearch(starts, pos);
        return i >= 0 ? i : -i - 2;
    }

    /** Index of a document id, or -1. */
    public int indexOf(String id) {
        Map<String, Integer> map = byId;
        if (map == null) {
            map = new HashMap<>(ids.length * 2);
            for (int i = 0; i < ids.length; i++) {
                map.put(ids[i], i);
            }
            byId = map;
        }
        return map.getOrDefault(id, -1);
    }

    public int[] docTokens(int doc) {
        int[] out = new int[lengths[doc]];
        read(starts[doc], out, 0, out.length);
        return out;
    }
}
