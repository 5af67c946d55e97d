package org.smalltolarge.corpus.build.sources;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

/**
 * Reads character vectors from an R package's lazy-load database ({@code Rdata.rdx} index + {@code Rdata.rdb}
 * blocks of zlib-compressed R serialisation, format version 2 or 3). Only the object types such data sets use are
 * understood: character, integer and generic vectors, pairlists and symbols.
 */
final class RLazyLoad {
    private RLazyLoad() {
    }

    /** Every character vector of the database by variable name, in index order. */
    static Map<String, List<String>> characterVectors(Path dataDir) {
        try {
            byte[] index;
            try (var in = new GZIPInputStream(Files.newInputStream(dataDir.resolve("Rdata.rdx")))) {
                index = in.readAllBytes();
            }
            byte[] db = Files.readAllBytes(dataDir.resolve("Rdata.rdb"));
            Object root = new Reader(index).read();
            Map<String, Object> top = named(root);
            Map<String, Object> variables = named(top.get("variables"));
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : variables.entrySet()) {
                int[] offLen = (int[]) ((RObject) e.getValue()).value;
                Object value = new Reader(block(db, offLen[0], offLen[1])).read();
                if (value instanceof RObject r && r.value instanceof String[] strings) {
                    List<String> lines = new ArrayList<>();
                    for (String s : strings) {
                        lines.add(s == null ? "" : s);
                    }
                    out.put(e.getKey(), lines);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read R data in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** A block: 4-byte big-endian uncompressed size, then a zlib stream. */
    private static byte[] block(byte[] db, int offset, int length) {
        int size = ((db[offset] & 0xFF) << 24) | ((db[offset + 1] & 0xFF) << 16) | ((db[offset + 2] & 0xFF) << 8)
                | (db[offset + 3] & 0xFF);
        Inflater inf = new Inflater();
        inf.setInput(db, offset + 4, length - 4);
        byte[] out = new byte[size];
        try {
            int n = 0;
            while (n < size && !inf.finished()) {
                n += inf.inflate(out, n, size - n);
            }
            return out;
        } catch (DataFormatException e) {
            throw new IllegalStateException("corrupt R lazy-load block at " + offset, e);
        } finally {
            inf.end();
        }
    }

    /** A vector with its attributes (names are the only ones used). */
    record RObject(Object value, Map<String, Object> attributes) {
    }

    private static Map<String, Object> named(Object o) {
        RObject r = (RObject) o;
        Object[] items = (Object[]) r.value;
        String[] names = (String[]) ((RObject) r.attributes.get("names")).value;
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < items.length; i++) {
            out.put(names[i], items[i]);
        }
        return out;
    }

    private static final class Reader {
        private final DataInputStream in;
        private final List<String> symbols = new ArrayList<>();

        Reader(byte[] bytes) throws IOException {
            in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
            if (in.readUnsignedByte() != 'X' || in.readUnsignedByte() != '\n') {
                throw new IllegalStateException("not an R XDR serialisation");
            }
            int version = in.readInt();
            in.readInt(); // writer version
            in.readInt(); // minimal reader version
            if (version == 3) {
                in.skipNBytes(in.readInt()); // native encoding name
            }
        }

        Object read() throws IOException {
            int flags = in.readInt();
            int type = flags & 0xFF;
            boolean hasAttr = (flags & (1 << 9)) != 0;
            boolean hasTag = (flags & (1 << 10)) != 0;
            switch (type) {
                case 0xFE: // NULL
                    return null;
                case 0xFF: { // reference to an earlier symbol
                    int idx = flags >>> 8;
                    return symbols.get((idx == 0 ? in.readInt() : idx) - 1);
                }
                case 0x01: { // symbol
                    String name = (String) read();
                    symbols.add(name);
                    return name;
                }
                case 0x02: { // pairlist: attributes, tag, head, tail
                    Map<String, Object> list = new LinkedHashMap<>();
                    int f = flags;
                    while (true) {
                        if ((f & (1 << 9)) != 0) {
                            read();
                        }
                        String tag = (f & (1 << 10)) != 0 ? (String) read() : String.valueOf(list.size());
                        list.put(tag, read());
                        f = in.readInt();
                        if ((f & 0xFF) != 0x02) {
                            if ((f & 0xFF) != 0xFE) {
                                throw new IllegalStateException("unexpected pairlist tail type " + (f & 0xFF));
                            }
                            return list;
                        }
                    }
                }
                case 0x09: { // string
                    int len = in.readInt();
                    if (len < 0) {
                        return null;
                    }
                    return new String(in.readNBytes(len), StandardCharsets.UTF_8);
                }
                default:
                    break;
            }
            Object value;
            int len = in.readInt();
            switch (type) {
                case 0x0D, 0x0A -> { // integer, logical
                    int[] v = new int[len];
                    for (int i = 0; i < len; i++) {
                        v[i] = in.readInt();
                    }
                    value = v;
                }
                case 0x10 -> { // character vector
                    String[] v = new String[len];
                    for (int i = 0; i < len; i++) {
                        v[i] = (String) read();
                    }
                    value = v;
                }
                case 0x13 -> { // list
                    Object[] v = new Object[len];
                    for (int i = 0; i < len; i++) {
                        v[i] = read();
                    }
                    value = v;
                }
                default -> throw new IllegalStateException("R object type " + type + " is not supported");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> attrs = hasAttr ? (Map<String, Object>) read() : Map.of();
            if (hasTag) {
                throw new IllegalStateException("unexpected tag on a vector");
            }
            return new RObject(value, attrs);
        }
    }

}
