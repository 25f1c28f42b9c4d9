package dev.cpotoolkit.data;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a JSON text could not be read, in the toolkit's words: the reason, the 1-based line and
 * column within the text that was parsed, and the JSON path of the value concerned. Gson's own
 * messages end with advice to parse leniently and a link to its troubleshooting guide, both
 * wrong for a data file, so {@link #fromGson(IOException)} keeps only the location and restates
 * the problem.
 */
final class JsonProblem extends IOException {

    private static final long serialVersionUID = 1L;

    /** Gson appends " at line L column C path P" and, for syntax errors, "\nSee URL". */
    private static final Pattern GSON_LOCATION =
            Pattern.compile("(?s)^(.*?) at line (\\d+) column (\\d+) path (\\S*)(?:\\s*See \\S+)?\\s*$");
    /** {@code JsonReader.toString()}: "JsonReader at line L column C path P". */
    private static final Pattern READER_LOCATION = Pattern.compile("at line (\\d+) column (\\d+) path (\\S*)$");

    /** The usual kind: the text is not JSON. */
    static final String MALFORMED = "malformed JSON";

    private final String reason;
    private final int line;
    private final int column;
    private final String path;
    private final boolean aboutValue;
    private final String kind;

    private JsonProblem(String kind, String reason, int line, int column, String path, boolean aboutValue,
                        Throwable cause) {
        super(reason + " (line " + line + ", column " + column + ")", cause);
        this.kind = kind;
        this.reason = reason;
        this.line = line;
        this.column = column;
        this.path = path;
        this.aboutValue = aboutValue;
    }

    /**
     * A problem found by the toolkit at the reader's current position.
     *
     * @param kind       what sort of problem, e.g. {@code "invalid JSON string"}
     * @param reason     what is wrong
     * @param location   {@code JsonReader.toString()}, which carries line, column and path
     * @param path       Gson's path of the value concerned (e.g. {@code $[2].chosen})
     * @param aboutValue whether the problem is in that value (a bad string) rather than the syntax
     */
    static JsonProblem at(String kind, String reason, String location, String path, boolean aboutValue) {
        Matcher m = READER_LOCATION.matcher(location);
        int line = m.find() ? Integer.parseInt(m.group(1)) : 0;
        int column = line > 0 ? Integer.parseInt(m.group(2)) : 0;
        return new JsonProblem(kind, reason, line, column, path, aboutValue, null);
    }

    /**
     * Restates one of Gson's exceptions (syntax error, end of input, wrong token).
     *
     * @param e Gson's exception
     * @return the problem with Gson's location and the toolkit's wording
     */
    static JsonProblem fromGson(Exception e) {
        String message = String.valueOf(e.getMessage());
        Matcher m = GSON_LOCATION.matcher(message);
        if (!m.matches()) {
            return new JsonProblem(MALFORMED, reword(message.lines().findFirst().orElse(message)), 0, 0, "$", false, e);
        }
        // Gson has consumed the offending character when it reports; the column before is the one to show.
        int column = Math.max(1, Integer.parseInt(m.group(3)) - 1);
        return new JsonProblem(MALFORMED, reword(m.group(1)), Integer.parseInt(m.group(2)), column, m.group(4), false, e);
    }

    private static String reword(String gson) {
        if (gson.startsWith("Use JsonReader.setStrictness")) {
            return "not JSON here (JSON has no comments, single quotes, unquoted words, trailing commas"
                    + " or text after the value)";
        }
        if (gson.startsWith("Expected ':'")) {
            return "expected ':' after the key";
        }
        if (gson.startsWith("Expected name")) {
            return "expected a key in double quotes";
        }
        if (gson.startsWith("Expected value")) {
            return "expected a value";
        }
        if (gson.startsWith("Unterminated object")) {
            return "expected ',' or '}' in an object";
        }
        if (gson.startsWith("Unterminated array")) {
            return "expected ',' or ']' in a list";
        }
        if (gson.startsWith("Unterminated string")) {
            return "a string is not closed (missing '\"')";
        }
        if (gson.startsWith("End of input")) {
            return "the text ends before the JSON value does";
        }
        if (gson.startsWith("Unescaped control characters")) {
            return "a control character (U+0000 to U+001F) inside a string must be escaped, e.g. as \\n";
        }
        if (gson.contains("escape") || gson.startsWith("Invalid escaped character")) {
            return "an invalid escape sequence in a string";
        }
        if (gson.startsWith("JSON forbids NaN")) {
            return "NaN and infinity are not JSON numbers";
        }
        if (gson.startsWith("Unterminated comment")) {
            return "JSON has no comments";
        }
        return Character.toLowerCase(gson.charAt(0)) + gson.substring(1);
    }

    /** What is wrong. */
    String reason() {
        return reason;
    }

    /** The 1-based line within the parsed text, or 0 when unknown. */
    int line() {
        return line;
    }

    /** The 1-based column, or 0 when unknown. */
    int column() {
        return column;
    }

    /** Gson's path of the value concerned, e.g. {@code $[3].chosen[0].content}. */
    String path() {
        return path;
    }

    /** Whether the problem is one value's content (so its field is worth naming), not the syntax. */
    boolean aboutValue() {
        return aboutValue;
    }

    /**
     * The reason with "malformed JSON" and the column, as a row's or file's message wants it.
     *
     * @return e.g. {@code "malformed JSON at column 11: expected ':' after the key"}
     */
    String describe() {
        return kind + (column > 0 ? " at column " + column : "") + ": " + reason;
    }
}
