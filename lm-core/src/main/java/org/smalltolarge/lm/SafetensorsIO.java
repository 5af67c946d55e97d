package org.smalltolarge.lm;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the safetensors format (8-byte little-endian header length, JSON header, raw
 * little-endian data), float32 only. Model files carry the architecture in {@code __metadata__} and use the
 * tensor names of {@link GptModel#parameterShapes}, which match {@code lm-core/bench/gpt_torch.py}.
 */
public final class SafetensorsIO {

    public static final String FORMAT = "smalltolarge-gpt-v1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER_BYTES = 100L << 20;

    /** A float32 tensor: shape and row-major values. */
    public record Tensor(long[] shape, float[] values) {
        public Tensor {
            long size = 1;
            for (long d : shape) {
                size *= d;
            }
            if (size != values.length) {
                throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " holds " + size
                        + " values, got " + values.length);
            }
        }
    }

    private SafetensorsIO() {
    }

    /** Writes a model's parameters and architecture; the file appears complete or not at all. */
    public static void exportModel(GptModel model, Path file) throws IOException {
        write(file, tensorsOf(model.parameterValues(), GptModel.parameterShapes(model.config())),
                configMetadata(model.config()));
    }

    /** Loads a model written by {@link #exportModel} (or by the PyTorch reference's {@code save}). */
    public static GptModel importModel(Path file, NDManager manager) throws IOException {
        Contents contents = read(file);
        GptConfig config = configFrom(contents.metadata(), file);
        Map<String, Shape> expected = GptModel.parameterShapes(config);
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : expected.entrySet()) {
            Tensor t = contents.tensors().get(e.getKey());
            if (t == null) {
                throw new IOException(file + ": tensor '" + e.getKey() + "' is missing");
            }
            if (!new Shape(t.shape()).equals(e.getValue())) {
                throw new IOException(file + ": tensor '" + e.getKey() + "' has shape " + new Shape(t.shape())
                        + ", expected " + e.getValue());
            }
            values.put(e.getKey(), t.values());
        }
        for (String name : contents.tensors().keySet()) {
            if (!expected.containsKey(name)) {
                throw new IOException(file + ": unexpected tensor '" + name + "' for " + config);
            }
        }
        return GptModel.fromValues(config, values, manager);
    }

    static Map<String, Tensor> tensorsOf(Map<String, float[]> values, Map<String, Shape> shapes) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        values.forEach((name, v) -> tensors.put(name, new Tensor(shapes.get(name).getShape(), v)));
        return tensors;
    }

    static Map<String, String> configMetadata(GptConfig c) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("vocab", Integer.toString(c.vocab()));
        m.put("context", Integer.toString(c.context()));
        m.put("d_model", Integer.toString(c.dModel()));
        m.put("layers", Integer.toString(c.layers()));
        m.put("heads", Integer.toString(c.heads()));
        return m;
    }

    static GptConfig configFrom(Map<String, String> metadata, Path file) throws IOException {
        if (!FORMAT.equals(metadata.get("format"))) {
            throw new IOException(file + ": __metadata__.format is " + metadata.get("format") + ", expected " + FORMAT);
        }
        try {
            return new GptConfig(intField(metadata, "vocab"), intField(metadata, "context"),
                    intField(metadata, "d_model"), intField(metadata, "layers"), intField(metadata, "heads"));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": __metadata__ " + e.getMessage(), e);
        }
    }

    private static int intField(Map<String, String> metadata, String key) {
        String v = metadata.get(key);
        if (v == null) {
            throw new IllegalArgumentException("field '" + key + "' is missing");
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + key + "' is not an integer: " + v);
        }
    }

    /** Writes tensors in map order to a temporary sibling, then renames it over {@code file}. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            long bytes = 4L * e.getValue().values().length;
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8; // data starts 8-byte aligned; spaces are valid JSON padding
        byte[] headerBytes = new byte[padded];
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        java.util.Arrays.fill(headerBytes, json.length, padded, (byte) ' ');

        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).flip();
                writeFully(out, len);
                writeFully(out, ByteBuffer.wrap(headerBytes));
                ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
                for (Tensor t : tensors.values()) {
                    for (float v : t.values()) {
                        if (!chunk.hasRemaining()) {
                            writeFully(out, chunk.flip());
                            chunk.clear();
                        }
                        chunk.putFloat(v);
                    }
                }
                writeFully(out, chunk.flip());
                out.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    /** Tensors (in file order) and string metadata of a safetensors file. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /** Reads a float32 safetensors file, checking every offset against the header and the file size. */
    public static Contents read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < 8) {
            throw new IOException(file + ": too short for a safetensors file (" + bytes.length + " bytes)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buffer.getLong();
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > bytes.length) {
            throw new IOException(file + ": header length " + headerLength + " does not fit a file of "
                    + bytes.length + " bytes");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException(file + ": header is not valid JSON: " + e.getMessage(), e);
        }
        long dataStart = 8 + headerLength;
        long dataLength = bytes.length - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = header.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String name = e.getKey();
            JsonNode node = e.getValue();
            if (name.equals("__metadata__")) {
                node.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            String where = file + ": tensor '" + name + "'";
            if (!"F32".equals(node.path("dtype").asText())) {
                throw new IOException(where + " has dtype " + node.path("dtype") + "; only F32 is supported");
            }
            JsonNode shapeNode = node.path("shape");
            JsonNode offsets = node.path("data_offsets");
            if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
                throw new IOException(where + " needs a 'shape' array and two 'data_offsets'");
            }
            long[] shape = new long[shapeNode.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong(-1);
                if (shape[i] < 0) {
                    throw new IOException(where + " has an invalid dimension " + shapeNode.get(i));
                }
                count *= shape[i];
            }
            long begin = offsets.get(0).asLong(-1);
            long end = offsets.get(1).asLong(-1);
            if (begin < 0 || end < begin || end > dataLength || end - begin != 4 * count) {
                throw new IOException(where + " has data_offsets [" + begin + ", " + end + "] that do not match shape "
                        + java.util.Arrays.toString(shape) + " within " + dataLength + " data bytes");
            }
            float[] values = new float[(int) count];
            ByteBuffer slice = ByteBuffer.wrap(bytes, (int) (dataStart + begin), (int) (end - begin))
                    .order(ByteOrder.LITTLE_ENDIAN);
            slice.asFloatBuffer().get(values);
            tensors.put(name, new Tensor(shape, values));
        }
        return new Contents(tensors, metadata);
    }

}
