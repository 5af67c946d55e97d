package org.smalltolarge.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("slow") // loads libtorch
class SafetensorsRoundTripTest {

    @Test
    void exportedWeightsImportBitExactAndGiveTheSameLogits(@TempDir Path dir) throws IOException {
        GptConfig config = GptConfig.bytes(24, 32, 2, 4);
        Path file = dir.resolve("model.safetensors");
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             GptModel original = GptModel.initialize(config, 3, manager)) {
            SafetensorsIO.exportModel(original, file);
            try (GptModel copy = SafetensorsIO.importModel(file, manager)) {
                assertEquals(config, copy.config());
                Map<String, float[]> a = original.parameterValues();
                Map<String, float[]> b = copy.parameterValues();
                assertEquals(a.keySet(), b.keySet());
                a.forEach((name, values) -> assertArrayEquals(values, b.get(name), name));
                try (NDScope scope = new NDScope()) {
                    NDArray tokens = manager.create(new long[] {72, 101, 108, 108, 111, 256, 0, 255},
                            new Shape(1, 8));
                    assertArrayEquals(original.logits(tokens).toFloatArray(), copy.logits(tokens).toFloatArray());
                }
            }
        }
        // documented layout: 8-byte header length, JSON header with names, shapes and metadata
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, (int) headerLength);
        assertTrue(header.contains("\"blocks.1.attn.qkv.weight\":{\"dtype\":\"F32\",\"shape\":[96,32]"), header);
        assertTrue(header.contains("\"d_model\":\"32\""), header);
        assertEquals(8 + headerLength + 4 * config.parameters(), bytes.length);
    }

    @Test
    void malformedFilesAreRefusedWithTheReason(@TempDir Path dir) throws IOException {
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertTrue(assertThrows(IOException.class, () -> SafetensorsIO.read(tiny)).getMessage().contains("too short"));

        Path lying = dir.resolve("lying.safetensors");
        SafetensorsIO.write(lying, Map.of("w", new SafetensorsIO.Tensor(new long[] {2, 2}, new float[] {1, 2, 3, 4})),
                Map.of());
        byte[] bytes = Files.readAllBytes(lying);
        Files.write(lying, Arrays.copyOf(bytes, bytes.length - 4));
        IOException e = assertThrows(IOException.class, () -> SafetensorsIO.read(lying));
        assertTrue(e.getMessage().contains("tensor 'w'") && e.getMessage().contains("data_offsets"), e.getMessage());

        Path wrongModel = dir.resolve("wrong.safetensors");
        SafetensorsIO.write(wrongModel, Map.of("w", new SafetensorsIO.Tensor(new long[] {1}, new float[] {1})),
                SafetensorsIO.configMetadata(GptConfig.bytes(8, 8, 1, 1)));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            IOException missing = assertThrows(IOException.class, () -> SafetensorsIO.importModel(wrongModel, manager));
            assertTrue(missing.getMessage().contains("'tok_emb.weight' is missing"), missing.getMessage());
        }
    }
}
