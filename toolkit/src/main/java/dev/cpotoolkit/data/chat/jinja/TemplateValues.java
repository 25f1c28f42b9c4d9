package dev.cpotoolkit.data.chat.jinja;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts Java values to the JSON-like values templates work with, and compares them the way
 * Python does. Accepted: null, String (any CharSequence, Character), Boolean, Long/Integer/Short/Byte
 * and BigInteger (Python int), Double/Float/BigDecimal (float), Map, List/Collection/array,
 * {@link PyTuple} and {@link JinjaCallable}.
 */
public final class TemplateValues {

    private TemplateValues() {
    }

    /**
     * A deep, mutable copy in template form: ints become Long (BigInteger beyond 64 bits), floats
     * Double, maps LinkedHashMap (order kept), collections ArrayList.
     *
     * @param value a Java value
     * @return the template value
     * @throws IllegalArgumentException for a value of another type
     */
    public static Object copyOf(Object value) {
        return convert(value, false);
    }

    /**
     * Like {@link #copyOf(Object)}, but maps and lists are unmodifiable, for values kept in
     * immutable objects.
     *
     * @param value a Java value
     * @return the template value
     * @throws IllegalArgumentException for a value of another type
     */
    public static Object immutableCopyOf(Object value) {
        return convert(value, true);
    }

    private static Object convert(Object value, boolean immutable) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Double || value instanceof JinjaCallable || value instanceof Undefined) {
            return value;
        }
        if (value instanceof CharSequence || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return Values.integer(big);
        }
        if (value instanceof Float || value instanceof BigDecimal) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(convert(k, immutable), convert(v, immutable)));
            return immutable ? Collections.unmodifiableMap(copy) : copy;
        }
        if (value instanceof PyTuple tuple) {
            return new PyTuple(convertAll(tuple, immutable));
        }
        if (value instanceof Collection<?> collection) {
            List<Object> copy = convertAll(collection, immutable);
            return immutable ? Collections.unmodifiableList(copy) : copy;
        }
        if (value instanceof Object[] array) {
            return convert(java.util.Arrays.asList(array), immutable);
        }
        throw new IllegalArgumentException("a template value must be JSON-like (String, number, Boolean, null,"
                + " List, Map), found " + value.getClass().getName());
    }

    private static List<Object> convertAll(Collection<?> items, boolean immutable) {
        List<Object> copy = new ArrayList<>(items.size());
        items.forEach(item -> copy.add(convert(item, immutable)));
        return copy;
    }

    /**
     * Python's {@code a == b} on template values: {@code 1 == 1.0 == True}, deep for lists and
     * dicts, a tuple never equal to a list.
     *
     * @param a a template value
     * @param b another
     * @return whether Python would call them equal
     */
    public static boolean pythonEquals(Object a, Object b) {
        return Compare.equal(copyOf(a), copyOf(b));
    }

    /**
     * A hash code consistent with {@link #pythonEquals(Object, Object)}.
     *
     * @param value a template value
     * @return the hash
     */
    public static int pythonHash(Object value) {
        Object v = copyOf(value);
        if (v == null) {
            return 0;
        }
        if (v instanceof Boolean b) {
            return Long.hashCode(b ? 1 : 0);
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.2e18 ? Long.hashCode((long) (double) d)
                    : d.hashCode();
        }
        if (v instanceof Long l) {
            return Long.hashCode(l);
        }
        if (v instanceof List<?> list) {
            int hash = 1;
            for (Object item : list) {
                hash = 31 * hash + pythonHash(item);
            }
            return hash;
        }
        if (v instanceof Map<?, ?> map) {
            int hash = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                hash += pythonHash(entry.getKey()) ^ pythonHash(entry.getValue());
            }
            return hash;
        }
        return v.hashCode();
    }

    /**
     * Python's {@code repr(value)}, e.g. {@code {'role': 'user', 'content': None}}.
     *
     * @param value a template value
     * @return the repr
     */
    public static String repr(Object value) {
        return Repr.repr(copyOf(value));
    }

    /**
     * Python's {@code str(value)}: strings as they are, {@code None}, {@code True}, Python reprs
     * inside containers.
     *
     * @param value a template value
     * @return the text
     */
    public static String str(Object value) {
        return Repr.str(copyOf(value));
    }

    /**
     * Python's {@code type(value).__name__}, e.g. {@code int}, {@code NoneType}, {@code dict}.
     *
     * @param value a template value
     * @return the type name
     */
    public static String pythonTypeName(Object value) {
        return Values.typeName(copyOf(value));
    }
}
