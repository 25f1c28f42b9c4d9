package dev.cpotoolkit.data.chat.jinja;

/**
 * Decodes the inside of a template string literal the way Jinja2 does: non-ASCII characters are
 * first written as backslash escapes, then the whole text is read with Python's
 * {@code unicode-escape} codec. So {@code \n}, {@code \x41}, {@code \u00e9}, {@code \N{BULLET}}
 * and octal escapes work, and an unknown escape such as {@code \d} stays as written.
 */
final class StringEscapes {

    private StringEscapes() {
    }

    /**
     * Decodes a literal's body.
     *
     * @param body the text between the quotes
     * @return the string value
     * @throws IllegalArgumentException with Python's reason when an escape is malformed
     */
    static String decode(String body) {
        String ascii = toAsciiEscapes(body);
        StringBuilder out = new StringBuilder(ascii.length());
        int i = 0;
        while (i < ascii.length()) {
            char c = ascii.charAt(i++);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i >= ascii.length()) {
                throw new IllegalArgumentException("\\ at end of string");
            }
            char e = ascii.charAt(i++);
            switch (e) {
                case '\n' -> { }
                case '\\' -> out.append('\\');
                case '\'' -> out.append('\'');
                case '"' -> out.append('"');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case 'x' -> i = hex(ascii, i, 2, "truncated \\xXX escape", out);
                case 'u' -> i = hex(ascii, i, 4, "truncated \\uXXXX escape", out);
                case 'U' -> i = hex(ascii, i, 8, "truncated \\UXXXXXXXX escape", out);
                case 'N' -> i = named(ascii, i, out);
                default -> {
                    if (e >= '0' && e <= '7') {
                        int value = e - '0';
                        for (int n = 0; n < 2 && i < ascii.length() && ascii.charAt(i) >= '0' && ascii.charAt(i) <= '7'; n++) {
                            value = value * 8 + (ascii.charAt(i++) - '0');
                        }
                        out.appendCodePoint(value);
                    } else {
                        out.append('\\').append(e);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Python's {@code encode("ascii", "backslashreplace")}. */
    private static String toAsciiEscapes(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp < 0x80) {
                out.append((char) cp);
            } else if (cp < 0x100) {
                out.append(String.format("\\x%02x", cp));
            } else if (cp < 0x10000) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.append(String.format("\\U%08x", cp));
            }
        });
        return out.toString();
    }

    private static int hex(String text, int from, int digits, String error, StringBuilder out) {
        if (from + digits > text.length()) {
            throw new IllegalArgumentException(error);
        }
        String hex = text.substring(from, from + digits);
        if (!hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw new IllegalArgumentException(error);
        }
        long value = Long.parseLong(hex, 16);
        if (value > Character.MAX_CODE_POINT) {
            throw new IllegalArgumentException("illegal Unicode character");
        }
        out.appendCodePoint((int) value);
        return from + digits;
    }

    private static int named(String text, int from, StringBuilder out) {
        int close = text.indexOf('}', from);
        if (from >= text.length() || text.charAt(from) != '{' || close < 0 || close == from + 1) {
            throw new IllegalArgumentException("malformed \\N character escape");
        }
        try {
            out.appendCodePoint(Character.codePointOf(text.substring(from + 1, close)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown Unicode character name");
        }
        return close + 1;
    }
}
