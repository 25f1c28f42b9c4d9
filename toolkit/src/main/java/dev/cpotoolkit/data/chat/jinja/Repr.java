package dev.cpotoolkit.data.chat.jinja;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code str(x)} and {@code repr(x)} for template values: what {@code {{ x }}} prints.
 * {@code True}, {@code None}, {@code [1, 'a']}, {@code {'k': 1.0}} and string quoting follow Python
 * to the byte, including which quote a string repr picks and how unprintable characters are escaped.
 */
final class Repr {

    private Repr() {
    }

    /** Python's {@code str(x)}; undefined prints as nothing. */
    static String str(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Undefined) {
            return "";
        }
        return repr(value);
    }

    /** Python's {@code repr(x)}. */
    static String repr(Object value) {
        StringBuilder out = new StringBuilder();
        appendRepr(out, value);
        return out.toString();
    }

    private static void appendRepr(StringBuilder out, Object value) {
        if (value == null) {
            out.append("None");
        } else if (value instanceof Boolean b) {
            out.append(b ? "True" : "False");
        } else if (value instanceof Long || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Double d) {
            out.append(FloatRepr.repr(d));
        } else if (value instanceof String s) {
            appendString(out, s);
        } else if (value instanceof PyTuple tuple) {
            out.append('(');
            appendItems(out, tuple);
            out.append(tuple.size() == 1 ? ",)" : ")");
        } else if (value instanceof PyRange range) {
            out.append(range);
        } else if (value instanceof List<?> list) {
            out.append('[');
            appendItems(out, list);
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            appendDict(out, map);
        } else if (value instanceof Undefined) {
            out.append("Undefined");
        } else if (value instanceof DictView view) {
            out.append(view.typeName()).append("([");
            appendItems(out, view.items());
            out.append("])");
        } else if (value instanceof Namespace namespace) {
            out.append("<Namespace ");
            appendDict(out, namespace.attributes());
            out.append('>');
        } else if (value instanceof LoopContext loop) {
            out.append("<LoopContext ").append(loop.index0() + 1).append('/').append(loop.length()).append('>');
        } else if (value instanceof Macro macro) {
            out.append("<Macro ").append(repr(macro.name())).append('>');
        } else if (value instanceof BoundMethod method) {
            out.append("<built-in method ").append(method.name()).append(" of ")
                    .append(Values.typeName(method.self())).append(" object>");
        } else {
            out.append('<').append(Values.typeName(value)).append(" object>");
        }
    }

    private static void appendItems(StringBuilder out, List<?> items) {
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            appendRepr(out, items.get(i));
        }
    }

    private static void appendDict(StringBuilder out, Map<?, ?> map) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            appendRepr(out, entry.getKey());
            out.append(": ");
            appendRepr(out, entry.getValue());
        }
        out.append('}');
    }

    /** A string literal the way Python writes it: single quotes unless only double quotes avoid escaping. */
    private static void appendString(StringBuilder out, String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        out.append(quote);
        s.codePoints().forEach(cp -> {
            if (cp == quote || cp == '\\') {
                out.append('\\').append((char) cp);
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp < 0x20 || cp == 0x7f) {
                out.append(String.format("\\x%02x", cp));
            } else if (cp < 0x7f || isPrintable(cp)) {
                out.appendCodePoint(cp);
            } else if (cp <= 0xff) {
                out.append(String.format("\\x%02x", cp));
            } else if (cp <= 0xffff) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.append(String.format("\\U%08x", cp));
            }
        });
        out.append(quote);
    }

    /** Python's {@code str.isprintable()} for one character: no control, format, separator or unassigned. */
    static boolean isPrintable(int codePoint) {
        if (codePoint == ' ') {
            return true;
        }
        switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR:
                return false;
            default:
                return true;
        }
    }
}
