package dev.cpotoolkit.data.chat.jinja;

import java.util.List;
import java.util.Map;

/**
 * Python's {@code str.format(*args, **kwargs)} and {@code str.format_map(mapping)}, with the
 * sandbox's rule that {@code {0.attr}} and {@code {0[key]}} look things up like the template does.
 */
final class StrFormat {

    private final String format;
    private final List<Object> args;
    private final Map<?, ?> kwargs;
    private int autoIndex;
    private boolean manual;
    private boolean automatic;

    private StrFormat(String format, List<Object> args, Map<?, ?> kwargs) {
        this.format = format;
        this.args = args;
        this.kwargs = kwargs;
    }

    static String format(String format, List<Object> args, Map<String, Object> kwargs) {
        return new StrFormat(format, args, kwargs).render(format, 2);
    }

    static String formatMap(String format, Object mapping) {
        if (!(mapping instanceof Map<?, ?> map)) {
            throw JinjaError.type("format_map() argument must be a mapping");
        }
        return new StrFormat(format, List.of(), map).render(format, 2);
    }

    private String render(String text, int depth) {
        if (depth < 0) {
            throw JinjaError.value("Max string recursion exceeded");
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '{') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '{') {
                    out.append('{');
                    i += 2;
                    continue;
                }
                int end = fieldEnd(text, i);
                out.append(field(text.substring(i + 1, end), depth));
                i = end + 1;
            } else if (c == '}') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '}') {
                    out.append('}');
                    i += 2;
                    continue;
                }
                throw JinjaError.value("Single '}' encountered in format string");
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The index of the '}' closing the field opened at {@code open}, allowing nested fields in the spec. */
    private static int fieldEnd(String text, int open) {
        int level = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                level++;
            } else if (c == '}' && --level == 0) {
                return i;
            }
        }
        throw JinjaError.value(level > 1 ? "expected '}' before end of string" : "Single '{' encountered in format string");
    }

    private String field(String field, int depth) {
        String spec = "";
        char conversion = 0;
        int colon = indexOutsideBrackets(field, ':');
        if (colon >= 0) {
            spec = render(field.substring(colon + 1), depth - 1);
            field = field.substring(0, colon);
        }
        int bang = indexOutsideBrackets(field, '!');
        if (bang >= 0) {
            if (bang + 2 != field.length()) {
                throw JinjaError.value("expected ':' after conversion specifier");
            }
            conversion = field.charAt(bang + 1);
            field = field.substring(0, bang);
        }
        Object value = resolve(field);
        if (conversion == 'r' || conversion == 'a') {
            value = Repr.repr(value);
        } else if (conversion == 's') {
            value = Repr.str(value);
        } else if (conversion != 0) {
            throw JinjaError.value("Unknown conversion specifier " + conversion);
        }
        return FormatSpec.apply(value, spec);
    }

    private static int indexOutsideBrackets(String field, char wanted) {
        boolean inBracket = false;
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '[') {
                inBracket = true;
            } else if (c == ']') {
                inBracket = false;
            } else if (c == wanted && !inBracket) {
                return i;
            }
        }
        return -1;
    }

    /** The value a field name designates: an argument, then {@code .attr} and {@code [key]} steps. */
    private Object resolve(String field) {
        int end = 0;
        while (end < field.length() && field.charAt(end) != '.' && field.charAt(end) != '[') {
            end++;
        }
        String first = field.substring(0, end);
        // like string.Formatter: only a field that is empty or all digits takes part in numbering
        // checks; "{0[1]}" or "{0.a}" reads argument 0 without touching the automatic counter
        Object value;
        if (field.isEmpty()) {
            if (manual) {
                throw JinjaError.value("cannot switch from manual field specification to automatic field numbering");
            }
            automatic = true;
            value = positional(autoIndex++);
        } else if (isDigits(field)) {
            if (automatic) {
                // Python's string.Formatter words both directions the same way
                throw JinjaError.value("cannot switch from manual field specification to automatic field numbering");
            }
            manual = true;
            value = positional(Integer.parseInt(field));
        } else if (isDigits(first)) {
            value = positional(Integer.parseInt(first));
        } else {
            value = Compare.lookup(kwargs, first, Compare.MISSING);
            if (value == Compare.MISSING) {
                throw new JinjaError(JinjaError.Kind.KEY, Repr.repr(first));
            }
        }
        int i = end;
        while (i < field.length()) {
            if (field.charAt(i) == '.') {
                int next = i + 1;
                while (next < field.length() && field.charAt(next) != '.' && field.charAt(next) != '[') {
                    next++;
                }
                value = Attributes.getattr(value, field.substring(i + 1, next));
                i = next;
            } else {
                int close = field.indexOf(']', i);
                if (close < 0) {
                    throw JinjaError.value("Missing ']' in format string");
                }
                String key = field.substring(i + 1, close);
                value = Attributes.getitem(value, key.chars().allMatch(Character::isDigit) && !key.isEmpty()
                        ? (Object) Long.parseLong(key) : key);
                i = close + 1;
            }
        }
        return value;
    }

    private static boolean isDigits(String text) {
        return !text.isEmpty() && text.chars().allMatch(Character::isDigit);
    }

    private Object positional(int index) {
        if (index >= args.size()) {
            throw new JinjaError(JinjaError.Kind.INDEX, "tuple index out of range");
        }
        return args.get(index);
    }
}
