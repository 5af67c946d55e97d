package org.smalltolarge.spec;

/** The text is not YAML or JSON at all; carries the parser's 1-based line and column. */
public class SpecParseException extends Exception {

    private final int line;
    private final int column;
    private final String problem;

    public SpecParseException(String problem, int line, int column, Throwable cause) {
        super("not valid YAML or JSON at line " + line + ", column " + column + ": " + problem, cause);
        this.problem = problem;
        this.line = line;
        this.column = column;
    }

    /** 1-based line of the problem, or -1 when the parser did not say. */
    public int line() {
        return line;
    }

    /** 1-based column of the problem, or -1 when the parser did not say. */
    public int column() {
        return column;
    }

    /** The parser's own description, without the location. */
    public String problem() {
        return problem;
    }

    /** The same problem as the single validation error of the document. */
    public FieldError toFieldError() {
        return new FieldError(FieldError.ROOT, getMessage());
    }
}
