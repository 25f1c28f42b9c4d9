package dev.cpotoolkit.notebook.runner;

import java.util.ArrayList;
import java.util.List;

/**
 * A code cell cut into Java code and magic lines, in order. As in IJava, a line
 * magic is a line starting with {@code %} (after indentation) and a cell magic
 * one starting with {@code %%}; everything else is Java.
 */
final class CellSource {

    /** A piece of a cell. */
    sealed interface Segment permits Code, Magic {}

    /** Java source, possibly several snippets. */
    record Code(String source) implements Segment {}

    /**
     * A magic line.
     *
     * @param cell whether it is a cell magic ({@code %%})
     * @param name the magic's name, e.g. {@code jars}
     * @param args its whitespace-separated arguments (double quotes group)
     * @param line the line as written
     */
    record Magic(boolean cell, String name, List<String> args, String line) implements Segment {}

    private CellSource() {}

    /** The segments of {@code source}, in order; blank code between magics is dropped. */
    static List<Segment> split(String source) {
        List<Segment> segments = new ArrayList<>();
        StringBuilder code = new StringBuilder();
        for (String line : source.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("%")) {
                flush(code, segments);
                boolean cell = trimmed.startsWith("%%");
                List<String> words = words(trimmed.substring(cell ? 2 : 1));
                String name = words.isEmpty() ? "" : words.get(0);
                segments.add(new Magic(cell, name, words.isEmpty() ? List.of() : words.subList(1, words.size()),
                        trimmed));
            } else {
                code.append(line).append('\n');
            }
        }
        flush(code, segments);
        return segments;
    }

    private static void flush(StringBuilder code, List<Segment> segments) {
        if (!code.toString().isBlank()) {
            segments.add(new Code(code.toString()));
        }
        code.setLength(0);
    }

    /** Splits on whitespace; double quotes group words containing spaces. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    words.add(word.toString());
                }
                word.setLength(0);
                any = false;
            } else {
                word.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(word.toString());
        }
        return words;
    }
}
