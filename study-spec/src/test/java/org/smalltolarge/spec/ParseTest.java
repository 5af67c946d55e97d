package org.smalltolarge.spec;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParseTest {

    @Test
    void yamlAndJsonParseToTheSameTree() throws SpecParseException {
        JsonNode yaml = StudySpecs.parse("a: 1\nb: [x, y]\nc: {d: 0.5}\n");
        JsonNode json = StudySpecs.parse("  {\"a\": 1, \"b\": [\"x\", \"y\"], \"c\": {\"d\": 0.5}}");

        assertEquals(yaml, json);
    }

    @Test
    void brokenYamlGivesTheLineAndColumnOfTheProblem() {
        SpecParseException e = assertThrows(SpecParseException.class,
                () -> StudySpecs.parse("id: x\nseeds: [0, 1\ncorpus: demo\n"));

        assertEquals(3, e.line());
        assertEquals(7, e.column());
        assertTrue(e.getMessage().startsWith("not valid YAML or JSON at line 3, column 7: "), e.getMessage());
        assertEquals(new FieldError("$", e.getMessage()), e.toFieldError());
    }

    @Test
    void repeatedYamlKeyIsAParseErrorNotASilentOverwrite() {
        SpecParseException e = assertThrows(SpecParseException.class,
                () -> StudySpecs.parse("id: one\ncorpus: demo\nid: two\n"));

        assertEquals(3, e.line());
        assertTrue(e.problem().contains("Duplicate field 'id'"), e.problem());
    }

    @Test
    void textStartingWithABraceIsReadAsStrictJson() {
        // YAML would read the empty value as null; JSON must refuse it.
        SpecParseException e = assertThrows(SpecParseException.class,
                () -> StudySpecs.parse("{\"a\": 1,\n \"b\": }"));

        assertEquals(2, e.line());
    }

    @Test
    void validateOnTextTurnsAParseFailureIntoOneError() {
        Validation validation = Fixtures.validate("id: [\n");

        assertEquals(1, validation.errors().size());
        FieldError error = validation.errors().get(0);
        assertEquals("$", error.path());
        assertTrue(error.reason().startsWith("not valid YAML or JSON at line 2, column 1: "), error.reason());
    }

    @Test
    void errorsPrintAsPathColonReason() {
        assertEquals("scales[1].model.heads: must divide d_model (256 % 3 != 0)",
                new FieldError("scales[1].model.heads", "must divide d_model (256 % 3 != 0)").toString());
        assertEquals(List.of("$: the document is empty"),
                Fixtures.validate("").errors().stream().map(FieldError::toString).toList());
    }
}
