package dev.cpotoolkit.data;

/**
 * Gson's parse errors in the toolkit's words, for JSON read outside the data
 * package (config files): the problem with its line and column, without
 * Gson's advice to parse leniently or its troubleshooting link.
 */
public final class JsonErrors {

    private JsonErrors() {}

    /**
     * @param gsonError what Gson threw (a {@code JsonSyntaxException} or the
     *                  {@code MalformedJsonException} inside one)
     * @return e.g. {@code "expected a value (line 1, column 14)"}
     */
    public static String describe(Exception gsonError) {
        Exception cause = gsonError.getCause() instanceof Exception inner ? inner : gsonError;
        return JsonProblem.fromGson(cause).getMessage();
    }
}
