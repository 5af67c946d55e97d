package org.smalltolarge.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every file under bad-specs/ is an invalid study; the file beside it with the same name and the extension
 * {@code .errors} holds the exact errors expected, one per line, in order.
 */
class BadSpecsTest {

    static Stream<Path> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(BadSpecsTest.class.getResource("/bad-specs").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> !p.toString().endsWith(".errors")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsExactlyTheExpectedErrors(Path document) throws IOException {
        String name = document.getFileName().toString();
        Path expectedFile = document.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".errors");
        assertTrue(Files.exists(expectedFile), "missing " + expectedFile.getFileName());
        List<String> expected = Files.readAllLines(expectedFile, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank()).toList();

        Validation validation = Fixtures.validate(Files.readString(document));

        assertFalse(validation.valid());
        assertEquals(expected, validation.errors().stream().map(FieldError::toString).toList());
    }

    @Test
    void thereAreAtLeastFifteenDistinctCases() throws Exception {
        assertTrue(cases().count() >= 15, "only " + cases().count() + " bad-spec cases");
    }
}
