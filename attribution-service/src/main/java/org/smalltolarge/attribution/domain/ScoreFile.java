package org.smalltolarge.attribution.domain;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A score matrix on disk: float64 little-endian, targets x pool, row-major, after a 16-byte header (int targets,
 * int pool, 8 reserved). Written to a temporary file and renamed, so a visible file is complete; a 1,000 x 10,000
 * matrix is 80 MB and reads back in well under a second. Its sha256 is what reports and events name.
 */
public final class ScoreFile {

    private static final int HEADER = 16;

    private ScoreFile() {
    }

    public static void write(Path file, double[] scores, int targets, int pool) throws IOException {
        if ((long) targets * pool != scores.length) {
            throw new IllegalArgumentException(scores.length + " scores are not " + targets + " x " + pool);
        }
        Files.createDirectories(file.getParent());
        ByteBuffer buffer = ByteBuffer.allocate(HEADER + scores.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(targets).putInt(pool).putLong(0);
        buffer.asDoubleBuffer().put(scores);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, buffer.array());
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static double[] read(Path file, int targets, int pool) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int t = buffer.getInt();
        int n = buffer.getInt();
        if (t != targets || n != pool || buffer.capacity() != HEADER + (long) t * n * Double.BYTES) {
            throw new IOException(file + " holds " + t + " x " + n + " scores (" + buffer.capacity()
                    + " bytes), expected " + targets + " x " + pool);
        }
        double[] scores = new double[t * n];
        buffer.position(HEADER);
        buffer.asDoubleBuffer().get(scores);
        return scores;
    }
}
