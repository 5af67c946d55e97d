package org.smalltolarge.corpus.build;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a dictd dictionary: {@code NAME.dict.dz} (dictzip, readable as plain gzip) and {@code NAME.index}, whose
 * lines are "headword TAB offset TAB length" with numbers in dictd's base64 digits.
 */
public final class Dictd {
    private static final String DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public record Entry(String headword, long offset, String text) {
    }

    private Dictd() {
    }

    /** One entry per distinct offset (several headwords may point at one entry), in file order. */
    public static List<Entry> read(Path dir, String name) {
        byte[] data = Text.gunzip(dir.resolve(name + ".dict.dz"));
        Map<Long, String[]> byOffset = new LinkedHashMap<>();
        for (String line : Text.read(dir.resolve(name + ".index")).split("\n")) {
            String[] f = line.split("\t");
            if (f.length < 3 || f[0].startsWith("00-database") || f[0].startsWith("00database")) {
                continue;
            }
            long off = decode(f[1]);
            byOffset.putIfAbsent(off, new String[] {f[0], f[2]});
        }
        List<Entry> out = new ArrayList<>();
        byOffset.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            long off = e.getKey();
            long len = decode(e.getValue()[1]);
            if (off + len <= data.length) {
                out.add(new Entry(e.getValue()[0], off,
                        new String(data, (int) off, (int) len, StandardCharsets.UTF_8)));
            }
        });
        return out;
    }

    public static long decode(String b64) {
        long v = 0;
        for (int i = 0; i < b64.length(); i++) {
            int d = DIGITS.indexOf(b64.charAt(i));
            if (d < 0) {
                throw new IllegalArgumentException("bad dictd number '" + b64 + "'");
            }
            v = v * 64 + d;
        }
        return v;
    }
}
