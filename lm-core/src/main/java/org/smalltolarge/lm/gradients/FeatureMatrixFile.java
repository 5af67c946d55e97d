package org.smalltolarge.lm.gradients;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Features of a fixed list of examples on disk, row by row as they are computed, with a done mark per row: a
 * featurizing job that stops part-way reopens the file and computes only the rows not yet done, so no example is
 * featurized twice and memory never holds more than a batch.
 *
 * <p>Layout (little-endian): a 32-byte header ("S2LFEAT1", int version 1, int rows, int dimension, 12 reserved
 * bytes), one done byte per row, then per row {@code dimension} float32 features, the output (float64) and Q
 * (float64). A row's data is written before its done byte, so a process killed between the two leaves the row
 * not done (written again on resume), never done with partial data.
 */
public final class FeatureMatrixFile implements FeatureSink, AutoCloseable {

    private static final byte[] MAGIC = "S2LFEAT1".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 32;

    private final Path path;
    private final FileChannel channel;
    private final int rows;
    private final int dimension;
    private final byte[] done;

    private FeatureMatrixFile(Path path, FileChannel channel, int rows, int dimension, byte[] done) {
        this.path = path;
        this.channel = channel;
        this.rows = rows;
        this.dimension = dimension;
        this.done = done;
    }

    /**
     * Opens {@code path} for {@code rows} x {@code dimension} features, creating it if absent; an existing file of
     * another shape is refused (naming both), since its rows belong to a different job.
     */
    public static FeatureMatrixFile open(Path path, int rows, int dimension) throws IOException {
        if (rows < 0 || dimension < 1) {
            throw new IllegalArgumentException("need rows >= 0 and dimension >= 1, got " + rows + " x " + dimension);
        }
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        boolean exists = Files.exists(path);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            byte[] done = new byte[rows];
            if (exists && channel.size() > 0) {
                ByteBuffer header = read(channel, 0, HEADER);
                byte[] magic = new byte[MAGIC.length];
                header.get(magic);
                int version = header.getInt();
                int fileRows = header.getInt();
                int fileDimension = header.getInt();
                if (!java.util.Arrays.equals(magic, MAGIC) || version != 1) {
                    throw new IOException(path + " is not a feature matrix file (bad magic or version)");
                }
                if (fileRows != rows || fileDimension != dimension) {
                    throw new IOException(path + " holds " + fileRows + " x " + fileDimension + " features, "
                            + "expected " + rows + " x " + dimension);
                }
                read(channel, HEADER, rows).get(done);
            } else {
                ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
                header.put(MAGIC).putInt(1).putInt(rows).putInt(dimension).flip();
                channel.write(header, 0);
                channel.write(ByteBuffer.wrap(done), HEADER);
            }
            return new FeatureMatrixFile(path, channel, rows, dimension, done);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private long rowBytes() {
        return (long) dimension * Float.BYTES + 2L * Double.BYTES;
    }

    private long rowPosition(int row) {
        return HEADER + rows + row * rowBytes();
    }

    @Override
    public void accept(int index, float[] features, double output, double outToLoss) {
        try {
            write(index, features, output, outToLoss);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public synchronized void write(int row, float[] features, double output, double outToLoss) throws IOException {
        checkRow(row);
        if (features.length != dimension) {
            throw new IllegalArgumentException("row " + row + " has " + features.length + " features, expected "
                    + dimension);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) rowBytes()).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(features);
        buffer.position(dimension * Float.BYTES);
        buffer.putDouble(output).putDouble(outToLoss).flip();
        writeFully(buffer, rowPosition(row));
        writeFully(ByteBuffer.wrap(new byte[]{1}), HEADER + row);
        done[row] = 1;
    }

    public synchronized boolean isDone(int row) {
        checkRow(row);
        return done[row] != 0;
    }

    public synchronized int doneCount() {
        int n = 0;
        for (byte b : done) {
            n += b;
        }
        return n;
    }

    /** A done row's features; refuses a row not yet written. */
    public synchronized float[] features(int row) throws IOException {
        requireDone(row);
        float[] out = new float[dimension];
        read(channel, rowPosition(row), dimension * Float.BYTES).asFloatBuffer().get(out);
        return out;
    }

    public synchronized double output(int row) throws IOException {
        requireDone(row);
        return read(channel, rowPosition(row) + (long) dimension * Float.BYTES, Double.BYTES).getDouble();
    }

    public synchronized double outToLoss(int row) throws IOException {
        requireDone(row);
        return read(channel, rowPosition(row) + (long) dimension * Float.BYTES + Double.BYTES, Double.BYTES)
                .getDouble();
    }

    /** Flushes to the storage device (call before announcing the file complete). */
    public synchronized void force() throws IOException {
        channel.force(true);
    }

    public int rows() {
        return rows;
    }

    public int dimension() {
        return dimension;
    }

    public Path path() {
        return path;
    }

    private void requireDone(int row) {
        if (!isDone(row)) {
            throw new IllegalStateException(path + ": row " + row + " has not been written");
        }
    }

    private void checkRow(int row) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException(path + ": row " + row + " outside [0, " + rows + ")");
        }
    }

    private void writeFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of feature file at byte " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
