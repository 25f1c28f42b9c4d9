package dev.cpotoolkit.tokenize;

/**
 * Refuses tokenizer files whose lists and objects nest absurdly deep before any parser sees
 * them. Real {@code tokenizer.json} and {@code tokenizer_config.json} files nest a handful of
 * levels; a hostile one nested a hundred thousand levels deep would overflow the stack of any
 * recursive code that later walks, prints or copies it, or fail inside the native tokenizer
 * with a message about recursion. The check is one pass over the characters with no recursion.
 */
final class JsonNesting {

    /** The same limit the data loader applies to dataset files. */
    static final int MAX_DEPTH = 512;

    private JsonNesting() {}

    /**
     * @param json   the file's text
     * @param origin the file, for the message
     * @param what   how the file is named in messages, e.g. {@code "tokenizer file"}
     * @throws TokenizationException naming the file, line and column where the limit is passed
     */
    static void requireShallow(String json, String origin, String what) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++; // the escaped character cannot end the string
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                if (++depth > MAX_DEPTH) {
                    throw new TokenizationException("Malformed " + what + " " + origin + ": lists and objects"
                            + " nested more than " + MAX_DEPTH + " levels deep at " + location(json, i));
                }
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
    }

    private static String location(String text, int index) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", column " + (index - lineStart + 1);
    }
}
