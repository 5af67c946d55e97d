package org.smalltolarge.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Entry points: parse a study document (YAML or JSON), then validate it into a {@link StudySpec}. */
public final class StudySpecs {

    /** Selections of training examples can be long lists; SnakeYAML's default cap (3 MB) is too tight. */
    private static final int MAX_YAML_CODE_POINTS = 64 * 1024 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .loaderOptions(yamlLoaderOptions())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private StudySpecs() {
    }

    /**
     * Parses a document into a tree. A document whose first character (after blanks) is '{' or '[' is read
     * as strict JSON; anything else as YAML. Repeated keys and a second YAML document are errors.
     *
     * @throws SpecParseException with the parser's 1-based line and column
     */
    public static JsonNode parse(String text) throws SpecParseException {
        String trimmed = text.strip();
        boolean json = trimmed.startsWith("{") || trimmed.startsWith("[");
        ObjectMapper mapper = json ? JSON : YAML;
        try (JsonParser parser = mapper.createParser(text)) {
            JsonNode tree = mapper.readTree(parser);
            if (tree != null && parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw new SpecParseException("more content after the end of the document (one study per file)",
                        at.getLineNr(), at.getColumnNr(), null);
            }
            return tree == null ? MissingNode.getInstance() : tree;
        } catch (JsonProcessingException e) {
            // SnakeYAML knows where the problem is; Jackson's own location is where its last token ended.
            if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
                Mark mark = yaml.getProblemMark();
                throw new SpecParseException(firstLines(e.getOriginalMessage()), mark.getLine() + 1,
                        mark.getColumn() + 1, e);
            }
            JsonLocation at = e.getLocation();
            int line = at == null ? -1 : at.getLineNr();
            int column = at == null ? -1 : at.getColumnNr();
            throw new SpecParseException(firstLines(e.getOriginalMessage()), line, column, e);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("reading from a string cannot fail", e);
        }
    }

    /**
     * Validates a parsed document against the workers' limits.
     *
     * @param knownSources data source names the corpus offers; null skips the check (e.g. a corpus
     *                     folder that only the workers can read)
     */
    public static Validation validate(JsonNode tree, SpecLimits limits, Set<String> knownSources) {
        return new SpecValidator(limits, knownSources).validate(tree);
    }

    /** Parse and validate in one step; text that does not parse gives one error carrying line and column. */
    public static Validation validate(String text, SpecLimits limits, Set<String> knownSources) {
        try {
            return validate(parse(text), limits, knownSources);
        } catch (SpecParseException e) {
            return Validation.failed(List.of(e.toFieldError()));
        }
    }

    /**
     * SnakeYAML repeats the location and quotes the source under its message; keep only the sentences
     * (lines that do not start with blanks), since line and column are reported separately.
     */
    private static String firstLines(String message) {
        if (message == null) {
            return "unreadable document";
        }
        return Arrays.stream(message.split("\n"))
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .map(String::strip)
                .collect(Collectors.joining("; "));
    }

    private static LoaderOptions yamlLoaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_YAML_CODE_POINTS);
        return options;
    }
}
