package dev.cpotoolkit.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The two pieces of Python string behaviour the metrics depend on: splitting
 * on whitespace as {@code str.split()} does (every Unicode space, no-break
 * spaces included, and the separators U+001C to U+001F) and indexing by code
 * point, so a character outside the Basic Multilingual Plane counts once.
 */
final class PythonText {

    private PythonText() {}

    /** Python's {@code str.isspace()} for one code point. */
    static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
                || codePoint == 0x85;
    }

    /** {@code text.split()}: the words between runs of whitespace. */
    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (isSpace(codePoint)) {
                if (start >= 0) {
                    words.add(text.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
            i += Character.charCount(codePoint);
        }
        if (start >= 0) {
            words.add(text.substring(start));
        }
        return words;
    }

    /** The code points of {@code text}. */
    static int[] codePoints(String text) {
        return text.codePoints().toArray();
    }
}
