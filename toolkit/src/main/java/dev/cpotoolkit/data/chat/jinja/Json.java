package dev.cpotoolkit.data.chat.jinja;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps(x, ensure_ascii, indent, separators, sort_keys)}, which is what the
 * {@code tojson} filter of transformers calls (Jinja2's own, HTML-escaping {@code tojson} is
 * replaced there): the same separators, indentation, float spelling and escapes.
 */
final class Json {

    private final boolean ensureAscii;
    private final String indent;
    private final String itemSeparator;
    private final String keySeparator;
    private final boolean sortKeys;

    private Json(boolean ensureAscii, String indent, String itemSeparator, String keySeparator, boolean sortKeys) {
        this.ensureAscii = ensureAscii;
        this.indent = indent;
        this.itemSeparator = itemSeparator;
        this.keySeparator = keySeparator;
        this.sortKeys = sortKeys;
    }

    /**
     * {@code json.dumps} with transformers' defaults ({@code ensure_ascii=False}).
     *
     * @param indent     null, an int (spaces) or a string
     * @param separators null or a two-item sequence (item separator, key separator)
     */
    static String dumps(Object value, boolean ensureAscii, Object indent, Object separators, boolean sortKeys) {
        String indentText = null;
        if (indent instanceof String s) {
            indentText = s;
        } else if (indent != null) {
            indentText = " ".repeat(Math.max(0, Values.index(indent)));
        }
        String item = indentText == null ? ", " : ",";
        String key = ": ";
        if (separators != null) {
            List<Object> pair = Values.iterate(separators);
            if (pair.size() != 2) {
                throw JinjaError.value("too many values to unpack (expected 2)");
            }
            item = Repr.str(pair.get(0));
            key = Repr.str(pair.get(1));
        }
        StringBuilder out = new StringBuilder();
        new Json(ensureAscii, indentText, item, key, sortKeys).write(out, value, 0);
        return out.toString();
    }

    private void write(StringBuilder out, Object value, int level) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Long || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Double d) {
            out.append(floatText(d));
        } else if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof List<?> list && !(value instanceof PyRange)) {
            writeArray(out, list, level);
        } else if (value instanceof Map<?, ?> map) {
            writeObject(out, map, level);
        } else {
            throw JinjaError.type("Object of type " + Values.typeName(value) + " is not JSON serializable");
        }
    }

    private static String floatText(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return FloatRepr.repr(d);
    }

    private void newline(StringBuilder out, int level) {
        if (indent != null) {
            out.append('\n').append(indent.repeat(level));
        }
    }

    private void writeArray(StringBuilder out, List<?> list, int level) {
        if (list.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        newline(out, level + 1);
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(itemSeparator);
                newline(out, level + 1);
            }
            write(out, list.get(i), level + 1);
        }
        newline(out, level);
        out.append(']');
    }

    private void writeObject(StringBuilder out, Map<?, ?> map, int level) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        if (sortKeys) {
            entries.sort((a, b) -> Compare.order("<", a.getKey(), b.getKey()) ? -1
                    : Compare.order("<", b.getKey(), a.getKey()) ? 1 : 0);
        }
        out.append('{');
        newline(out, level + 1);
        boolean first = true;
        for (Map.Entry<?, ?> entry : entries) {
            if (!first) {
                out.append(itemSeparator);
                newline(out, level + 1);
            }
            first = false;
            writeString(out, keyText(entry.getKey()));
            out.append(keySeparator);
            write(out, entry.getValue(), level + 1);
        }
        newline(out, level);
        out.append('}');
    }

    /** JSON object keys must be strings; Python converts numbers, bools and None first. */
    private static String keyText(Object key) {
        if (key instanceof String s) {
            return s;
        }
        if (key instanceof Double d) {
            return floatText(d);
        }
        if (key instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (key == null) {
            return "null";
        }
        if (key instanceof Long || key instanceof BigInteger) {
            return key.toString();
        }
        throw JinjaError.type("keys must be str, int, float, bool or None, not " + Values.typeName(key));
    }

    private void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                        // UTF-16 units are exactly the surrogate pairs Python writes for non-BMP characters
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
