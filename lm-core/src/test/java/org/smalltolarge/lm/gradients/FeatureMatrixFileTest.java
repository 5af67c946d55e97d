package org.smalltolarge.lm.gradients;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureMatrixFileTest {

    @TempDir
    Path dir;

    @Test
    void rowsWrittenBeforeAStopAreKeptAndOnlyTheOthersRemain() throws IOException {
        Path path = dir.resolve("features/model-a.feat");
        try (FeatureMatrixFile file = FeatureMatrixFile.open(path, 5, 3)) {
            file.write(0, new float[]{1, 2, 3}, 0.5, 0.25);
            file.accept(3, new float[]{-1, 0, 7.5f}, -2.0, 1.0);
        }
        try (FeatureMatrixFile file = FeatureMatrixFile.open(path, 5, 3)) {
            assertEquals(2, file.doneCount());
            assertTrue(file.isDone(0) && file.isDone(3));
            assertFalse(file.isDone(1) || file.isDone(2) || file.isDone(4));
            assertArrayEquals(new float[]{-1, 0, 7.5f}, file.features(3));
            assertEquals(-2.0, file.output(3));
            assertEquals(1.0, file.outToLoss(3));
            assertEquals(0.25, file.outToLoss(0));
            IllegalStateException notDone = assertThrows(IllegalStateException.class, () -> file.features(1));
            assertTrue(notDone.getMessage().endsWith("row 1 has not been written"), notDone.getMessage());
        }
    }

    @Test
    void aFileOfAnotherShapeOrKindIsRefusedAndLeftAlone() throws IOException {
        Path path = dir.resolve("f.feat");
        try (FeatureMatrixFile file = FeatureMatrixFile.open(path, 4, 2)) {
            file.write(1, new float[]{1, 1}, 0, 0);
        }
        byte[] before = Files.readAllBytes(path);
        IOException shape = assertThrows(IOException.class, () -> FeatureMatrixFile.open(path, 4, 3));
        assertEquals(path + " holds 4 x 2 features, expected 4 x 3", shape.getMessage());
        assertArrayEquals(before, Files.readAllBytes(path));

        Path other = dir.resolve("other.bin");
        Files.write(other, new byte[64]);
        IOException kind = assertThrows(IOException.class, () -> FeatureMatrixFile.open(other, 4, 2));
        assertEquals(other + " is not a feature matrix file (bad magic or version)", kind.getMessage());
    }

    @Test
    void badRowsAndWidthsAreRefusedByName() throws IOException {
        try (FeatureMatrixFile file = FeatureMatrixFile.open(dir.resolve("g.feat"), 2, 2)) {
            assertThrows(IndexOutOfBoundsException.class, () -> file.write(2, new float[2], 0, 0));
            IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                    () -> file.write(0, new float[3], 0, 0));
            assertEquals("row 0 has 3 features, expected 2", width.getMessage());
        }
    }
}
