package org.smalltolarge.corpus.build.sources;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smalltolarge.corpus.Document;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RLazyLoadTest {
    @TempDir
    Path dir;

    /** Writes R's XDR serialisation (version 3) for the few types the reader supports. */
    private static final class RWriter {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(bytes);

        RWriter() throws IOException {
            out.writeBytes("X\n");
            out.writeInt(3);
            out.writeInt(0x040201);
            out.writeInt(0x030500);
            out.writeInt(5);
            out.writeBytes("UTF-8");
        }

        void string(String s) throws IOException {
            out.writeInt(0x00040009);
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }

        void strings(int flags, String... values) throws IOException {
            out.writeInt(0x10 | flags);
            out.writeInt(values.length);
            for (String v : values) {
                string(v);
            }
        }

        /** attributes pairlist holding only names = values */
        void names(String... values) throws IOException {
            out.writeInt(0x02 | (1 << 10));
            out.writeInt(0x01);
            string("names");
            strings(0, values);
            out.writeInt(0xFE);
        }
    }

    @Test
    void readsCharacterVectorsThroughTheIndex() throws IOException {
        RWriter novel = new RWriter();
        novel.strings(0, "TITLE", "", "CHAPTER I", "It began.", "", "CHAPTER II", "It ended.");
        Deflater d = new Deflater();
        d.setInput(novel.bytes.toByteArray());
        d.finish();
        byte[] buf = new byte[4096];
        int n = d.deflate(buf);
        ByteArrayOutputStream rdb = new ByteArrayOutputStream();
        new DataOutputStream(rdb).writeInt(novel.bytes.size());
        rdb.write(buf, 0, n);
        Files.write(dir.resolve("Rdata.rdb"), rdb.toByteArray());

        RWriter index = new RWriter();
        index.out.writeInt(0x13 | (1 << 9)); // list(variables=, references=, compressed=)
        index.out.writeInt(3);
        index.out.writeInt(0x13 | (1 << 9)); // variables = list(book = c(offset, length))
        index.out.writeInt(1);
        index.out.writeInt(0x0D);
        index.out.writeInt(2);
        index.out.writeInt(0);
        index.out.writeInt(rdb.size());
        index.names("book");
        index.out.writeInt(0x13);
        index.out.writeInt(0);
        index.out.writeInt(0x0A);
        index.out.writeInt(1);
        index.out.writeInt(1);
        index.names("variables", "references", "compressed");
        try (var gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("Rdata.rdx")))) {
            gz.write(index.bytes.toByteArray());
        }

        Map<String, List<String>> vectors = RLazyLoad.characterVectors(dir);
        assertEquals(List.of("book"), List.copyOf(vectors.keySet()));
        List<String> lines = vectors.get("book");
        assertEquals("It ended.", lines.get(6));

        List<Document> chapters = new Fiction().austenChapters("book", lines);
        assertEquals(List.of("fiction/austen/book/001", "fiction/austen/book/002"),
                chapters.stream().map(Document::id).toList());
        assertEquals("CHAPTER I\nIt began.", chapters.get(0).text());
    }
}
