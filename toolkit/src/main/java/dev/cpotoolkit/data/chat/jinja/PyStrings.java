package dev.cpotoolkit.data.chat.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text operations of Python's {@code str} (public only for {@link #strip}, which chat code
 * needs to mirror transformers), counting in code points as Python does (a
 * character outside the Basic Multilingual Plane is one character, not two UTF-16 units), and
 * using Python's notion of whitespace and line breaks.
 */
public final class PyStrings {

    private PyStrings() {
    }

    /** Python's {@code str.isspace()} for one character, which is also what regex {@code \s} matches. */
    static boolean isWhitespace(int cp) {
        return (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x20) || cp == 0x85 || cp == 0xa0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f
                || cp == 0x3000;
    }

    /** The characters {@code str.splitlines()} breaks at ({@code \r\n} counts as one break). */
    static boolean isLineBreak(int cp) {
        return cp == '\n' || cp == '\r' || cp == 0x0b || cp == 0x0c || cp == 0x1c || cp == 0x1d || cp == 0x1e
                || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
    }

    static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** The UTF-16 index of the code point at {@code cpIndex} (0..length). */
    static int charIndex(String s, int cpIndex) {
        return s.offsetByCodePoints(0, cpIndex);
    }

    /** The code point index of UTF-16 index {@code charIndex}. */
    static int cpIndex(String s, int charIndex) {
        return s.codePointCount(0, charIndex);
    }

    /** {@code s[from:to]} in code points, with bounds already in range. */
    static String substring(String s, int from, int to) {
        return s.substring(charIndex(s, from), charIndex(s, to));
    }

    // ---- strip / split -------------------------------------------------------------------

    /**
     * Python's {@code strip}, {@code lstrip} or {@code rstrip}.
     *
     * @param s     the text
     * @param chars the characters to remove, or null for Python's whitespace
     * @param left  whether to strip the start
     * @param right whether to strip the end
     * @return the stripped text
     */
    public static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        while (left && start < end && stripped(s.codePointAt(start), chars)) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (right && end > start && stripped(s.codePointBefore(end), chars)) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    private static boolean stripped(int cp, String chars) {
        return chars == null ? isWhitespace(cp) : chars.indexOf(new String(Character.toChars(cp))) >= 0;
    }

    /** {@code str.split(sep, maxsplit)}; {@code sep == null} splits at runs of whitespace. */
    static List<Object> split(String s, String sep, int maxsplit) {
        List<Object> parts = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            while (true) {
                while (i < s.length() && isWhitespace(s.codePointAt(i))) {
                    i += Character.charCount(s.codePointAt(i));
                }
                if (i >= s.length()) {
                    return parts;
                }
                if (maxsplit >= 0 && parts.size() == maxsplit) {
                    parts.add(s.substring(i));
                    return parts;
                }
                int start = i;
                while (i < s.length() && !isWhitespace(s.codePointAt(i))) {
                    i += Character.charCount(s.codePointAt(i));
                }
                parts.add(s.substring(start, i));
            }
        }
        if (sep.isEmpty()) {
            throw JinjaError.value("empty separator");
        }
        int start = 0;
        int at;
        while ((maxsplit < 0 || parts.size() < maxsplit) && (at = s.indexOf(sep, start)) >= 0) {
            parts.add(s.substring(start, at));
            start = at + sep.length();
        }
        parts.add(s.substring(start));
        return parts;
    }

    /** {@code str.rsplit(sep, maxsplit)}: like split, but the splits left over are taken from the right. */
    static List<Object> rsplit(String s, String sep, int maxsplit) {
        if (maxsplit < 0) {
            return split(s, sep, maxsplit);
        }
        List<Object> parts = new ArrayList<>();
        if (sep == null) {
            int i = s.length();
            while (true) {
                while (i > 0 && isWhitespace(s.codePointBefore(i))) {
                    i -= Character.charCount(s.codePointBefore(i));
                }
                if (i <= 0) {
                    break;
                }
                if (parts.size() == maxsplit) {
                    parts.add(s.substring(0, i));
                    break;
                }
                int end = i;
                while (i > 0 && !isWhitespace(s.codePointBefore(i))) {
                    i -= Character.charCount(s.codePointBefore(i));
                }
                parts.add(s.substring(i, end));
            }
        } else {
            if (sep.isEmpty()) {
                throw JinjaError.value("empty separator");
            }
            int end = s.length();
            int at;
            while (parts.size() < maxsplit && (at = s.lastIndexOf(sep, end - sep.length())) >= 0 && end - sep.length() >= 0) {
                parts.add(s.substring(at + sep.length(), end));
                end = at;
            }
            parts.add(s.substring(0, end));
        }
        java.util.Collections.reverse(parts);
        return parts;
    }

    /** {@code str.splitlines(keepends)}. */
    static List<Object> splitlines(String s, boolean keepends) {
        List<Object> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (isLineBreak(cp)) {
                if (cp == '\r' && next < s.length() && s.charAt(next) == '\n') {
                    next++;
                }
                lines.add(s.substring(start, keepends ? next : i));
                start = next;
            }
            i = next;
        }
        if (start < s.length()) {
            lines.add(s.substring(start));
        }
        return lines;
    }

    // ---- search ----------------------------------------------------------------------------

    /** Python's {@code (start, end)} slice bounds for find/count/startswith, in code points. */
    static int[] bounds(String s, Object start, Object end) {
        int length = length(s);
        int from = start == null ? 0 : sliceIndex(start);
        int to = end == null ? length : sliceIndex(end);
        if (to > length) {
            to = length;
        } else if (to < 0) {
            to = Math.max(0, to + length);
        }
        if (from < 0) {
            from = Math.max(0, from + length);
        }
        return new int[] {from, to};
    }

    private static int sliceIndex(Object bound) {
        if (!Values.isInt(bound)) {
            throw JinjaError.type("slice indices must be integers or None or have an __index__ method");
        }
        return Values.index(bound);
    }

    /** {@code find} or {@code rfind}: the code point index of {@code sub}, or -1. */
    static int find(String s, String sub, Object start, Object end, boolean fromRight) {
        int[] b = bounds(s, start, end);
        if (b[0] > b[1] || b[0] > length(s)) {
            return -1;
        }
        String window = substring(s, b[0], b[1]);
        int at = fromRight ? window.lastIndexOf(sub) : window.indexOf(sub);
        return at < 0 ? -1 : b[0] + cpIndex(window, at);
    }

    /** {@code str.count(sub, start, end)}: non-overlapping occurrences. */
    static int count(String s, String sub, Object start, Object end) {
        int[] b = bounds(s, start, end);
        if (b[0] > b[1] || b[0] > length(s)) {
            return 0;
        }
        String window = substring(s, b[0], b[1]);
        if (sub.isEmpty()) {
            return length(window) + 1;
        }
        int n = 0;
        for (int at = window.indexOf(sub); at >= 0; at = window.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }

    /** {@code startswith} / {@code endswith} with one prefix or a tuple of them. */
    static boolean affix(String method, String s, Object affix, Object start, Object end, boolean atEnd) {
        List<Object> candidates;
        if (affix instanceof String one) {
            candidates = List.of(one);
        } else if (affix instanceof PyTuple tuple) {
            candidates = tuple;
        } else {
            throw JinjaError.type(method + " first arg must be str or a tuple of str, not " + Values.typeName(affix));
        }
        int[] b = bounds(s, start, end);
        if (b[0] > length(s)) {
            return false;
        }
        String window = b[0] > b[1] ? null : substring(s, b[0], b[1]);
        for (Object candidate : candidates) {
            if (!(candidate instanceof String text)) {
                throw JinjaError.type("tuple for " + method + " must only contain str, not " + Values.typeName(candidate));
            }
            // a window with start after end matches nothing, not even an empty affix
            if (window != null && (atEnd ? window.endsWith(text) : window.startsWith(text))) {
                return true;
            }
        }
        return false;
    }

    /** {@code str.replace(old, new, count)}; an empty {@code old} inserts between characters. */
    static String replace(String s, String old, String replacement, long count) {
        if (count < 0) {
            count = Long.MAX_VALUE;
        }
        StringBuilder out = new StringBuilder();
        if (old.isEmpty()) {
            int i = 0;
            long done = 0;
            while (true) {
                if (done < count) {
                    out.append(replacement);
                    done++;
                }
                if (i >= s.length()) {
                    break;
                }
                int cp = s.codePointAt(i);
                out.appendCodePoint(cp);
                i += Character.charCount(cp);
            }
            return out.toString();
        }
        int start = 0;
        long done = 0;
        int at;
        while (done < count && (at = s.indexOf(old, start)) >= 0) {
            out.append(s, start, at).append(replacement);
            start = at + old.length();
            done++;
        }
        return out.append(s.substring(start)).toString();
    }

    // ---- case --------------------------------------------------------------------------------

    static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static boolean isCased(int cp) {
        return Character.isUpperCase(cp) || Character.isLowerCase(cp) || Character.isTitleCase(cp);
    }

    private static String titleChar(int cp) {
        return new String(Character.toChars(Character.toTitleCase(cp)));
    }

    private static String lowerChar(int cp) {
        return new String(Character.toChars(cp)).toLowerCase(Locale.ROOT);
    }

    /** Python's {@code str.title()}: a character after a cased one is lowered, others title-cased. */
    static String title(String s) {
        StringBuilder out = new StringBuilder();
        boolean previousCased = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            out.append(previousCased ? lowerChar(cp) : titleChar(cp));
            previousCased = isCased(cp);
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** Python's {@code str.capitalize()}: first character title-cased, the rest lowered. */
    static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int first = s.codePointAt(0);
        return titleChar(first) + lower(s.substring(Character.charCount(first)));
    }

    static String swapcase(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (Character.isUpperCase(cp)) {
                out.append(lowerChar(cp));
            } else if (Character.isLowerCase(cp)) {
                out.append(new String(Character.toChars(cp)).toUpperCase(Locale.ROOT));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /** Python's {@code casefold()}, approximated by upper- then lower-casing (folds ß to ss). */
    static String casefold(String s) {
        return s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    // ---- predicates --------------------------------------------------------------------------

    /** One of the {@code is...()} predicates, by method name. */
    static boolean test(String method, String s) {
        switch (method) {
            case "isupper":
            case "islower": {
                boolean upper = method.equals("isupper");
                boolean cased = false;
                for (int cp : s.codePoints().toArray()) {
                    if (Character.isTitleCase(cp) || (upper ? Character.isLowerCase(cp) : Character.isUpperCase(cp))) {
                        return false;
                    }
                    cased |= upper ? Character.isUpperCase(cp) : Character.isLowerCase(cp);
                }
                return cased;
            }
            case "istitle": {
                boolean cased = false;
                boolean previousCased = false;
                for (int cp : s.codePoints().toArray()) {
                    if (Character.isUpperCase(cp) || Character.isTitleCase(cp)) {
                        if (previousCased) {
                            return false;
                        }
                        previousCased = true;
                        cased = true;
                    } else if (Character.isLowerCase(cp)) {
                        if (!previousCased) {
                            return false;
                        }
                        previousCased = true;
                        cased = true;
                    } else {
                        previousCased = false;
                    }
                }
                return cased;
            }
            case "isidentifier":
                return !s.isEmpty() && (Character.isUnicodeIdentifierStart(s.codePointAt(0)) || s.charAt(0) == '_')
                        && s.codePoints().allMatch(cp -> Character.isUnicodeIdentifierPart(cp) && !Character.isIdentifierIgnorable(cp));
            case "isascii":
                return s.codePoints().allMatch(cp -> cp < 0x80);
            case "isprintable":
                return s.codePoints().allMatch(Repr::isPrintable);
            default:
                break;
        }
        if (s.isEmpty()) {
            return false;
        }
        return s.codePoints().allMatch(cp -> switch (method) {
            case "isspace" -> isWhitespace(cp);
            case "isalpha" -> Character.isLetter(cp);
            case "isdecimal" -> Character.isDigit(cp);
            case "isdigit" -> isDigit(cp);
            case "isnumeric" -> isNumeric(cp);
            default -> Character.isLetter(cp) || isNumeric(cp); // isalnum
        });
    }

    private static boolean isDigit(int cp) {
        return Character.isDigit(cp) || (Character.getType(cp) == Character.OTHER_NUMBER
                && Character.getNumericValue(cp) >= 0 && Character.getNumericValue(cp) <= 9);
    }

    private static boolean isNumeric(int cp) {
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }

    // ---- padding -----------------------------------------------------------------------------

    /** {@code center}, {@code ljust} or {@code rjust} with a one-character fill. */
    static String justify(String method, String s, int width, Object fill) {
        if (!(fill instanceof String f) || length(f) != 1) {
            throw JinjaError.type("The fill character must be exactly one character long");
        }
        int margin = width - length(s);
        if (margin <= 0) {
            return s;
        }
        int left = switch (method) {
            case "ljust" -> 0;
            case "rjust" -> margin;
            default -> margin / 2 + (margin & width & 1);
        };
        return f.repeat(left) + s + f.repeat(margin - left);
    }

    /** {@code str.zfill(width)}: zeros after any leading sign. */
    static String zfill(String s, int width) {
        int margin = width - length(s);
        if (margin <= 0) {
            return s;
        }
        boolean signed = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-');
        return signed ? s.charAt(0) + "0".repeat(margin) + s.substring(1) : "0".repeat(margin) + s;
    }

    /** {@code partition} or {@code rpartition}: a 3-tuple around the first (last) separator. */
    static PyTuple partition(String s, String sep, boolean fromRight) {
        if (sep.isEmpty()) {
            throw JinjaError.value("empty separator");
        }
        int at = fromRight ? s.lastIndexOf(sep) : s.indexOf(sep);
        if (at < 0) {
            return fromRight ? PyTuple.of("", "", s) : PyTuple.of(s, "", "");
        }
        return PyTuple.of(s.substring(0, at), sep, s.substring(at + sep.length()));
    }

    /** {@code str.expandtabs(tabsize)}. */
    static String expandtabs(String s, int tabsize) {
        StringBuilder out = new StringBuilder();
        int column = 0;
        for (int cp : s.codePoints().toArray()) {
            if (cp == '\t') {
                if (tabsize > 0) {
                    int spaces = tabsize - column % tabsize;
                    out.append(" ".repeat(spaces));
                    column += spaces;
                }
            } else {
                out.appendCodePoint(cp);
                column = (cp == '\n' || cp == '\r') ? 0 : column + 1;
            }
        }
        return out.toString();
    }
}
