package org.smalltolarge.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** Shared test inputs: fixture files on the test classpath and the data sources a test corpus offers. */
final class Fixtures {

    static final Set<String> SOURCES =
            Set.of("fiction", "speeches", "email", "python_docs", "python_code", "java_code", "dictionary");

    private Fixtures() {
    }

    static String text(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Validation validate(String text) {
        return StudySpecs.validate(text, SpecLimits.defaults(), SOURCES);
    }

    static StudySpec spec(String resource) {
        return validate(text(resource)).spec();
    }
}
