package dev.cpotoolkit.data.chat.jinja;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code ==}, {@code <} and {@code in}: ints, floats and bools compare by value
 * ({@code 1 == 1.0 == True}), lists and dicts compare deeply, a tuple never equals a list, and
 * strings order by code point.
 */
final class Compare {

    private Compare() {
    }

    /** Python's {@code a == b}. */
    static boolean equal(Object a, Object b) {
        if (a == b) {
            return !(a instanceof Double d && d.isNaN());
        }
        if (a == null || b == null) {
            return false;
        }
        if (Values.isNumber(a) && Values.isNumber(b)) {
            return numericCompare(a, b) == 0;
        }
        if (a instanceof String || b instanceof String) {
            return a.equals(b);
        }
        if (a instanceof PyRange || b instanceof PyRange) {
            return a instanceof PyRange && b instanceof PyRange && sequenceEqual((List<?>) a, (List<?>) b);
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            return (a instanceof PyTuple) == (b instanceof PyTuple) && sequenceEqual(la, lb);
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (ma.size() != mb.size()) {
                return false;
            }
            for (Map.Entry<?, ?> entry : ma.entrySet()) {
                Object other = lookup(mb, entry.getKey(), MISSING);
                if (other == MISSING || !equal(entry.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Undefined || b instanceof Undefined) {
            return a instanceof Undefined && b instanceof Undefined;
        }
        return false;
    }

    private static boolean sequenceEqual(List<?> a, List<?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!equal(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Marks a dict lookup that found nothing (null is a legal value). */
    static final Object MISSING = new Object();

    /**
     * {@code dict[key]} with Python's key equality: a direct hit first, then a scan so that
     * {@code 1}, {@code 1.0} and {@code True} find each other.
     */
    static Object lookup(Map<?, ?> map, Object key, Object otherwise) {
        if (map.containsKey(key)) {
            return map.get(key);
        }
        if (Values.isNumber(key)) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (Values.isNumber(entry.getKey()) && equal(entry.getKey(), key)) {
                    return entry.getValue();
                }
            }
        }
        return otherwise;
    }

    /**
     * {@code dict[key] = value} with Python's key equality: when an equal key is already there
     * ({@code 1} for {@code True}), its value changes and the original key stays.
     */
    static void put(Map<Object, Object> dict, Object key, Object value) {
        if (Values.isNumber(key) && !dict.containsKey(key)) {
            for (Object existing : dict.keySet()) {
                if (Values.isNumber(existing) && equal(existing, key)) {
                    dict.put(existing, value);
                    return;
                }
            }
        }
        dict.put(key, value);
    }

    /**
     * Python's ordering comparisons.
     *
     * @param op one of {@code < <= > >=}
     */
    static boolean order(String op, Object a, Object b) {
        if (a instanceof Undefined u) {
            throw u.error();
        }
        if (b instanceof Undefined u) {
            throw u.error();
        }
        int sign = orderSign(op, a, b);
        return switch (op) {
            case "<" -> sign < 0;
            case "<=" -> sign <= 0;
            case ">" -> sign > 0;
            default -> sign >= 0;
        };
    }

    private static final Object UNORDERED = new Object();

    private static int orderSign(String op, Object a, Object b) {
        if (Values.isNumber(a) && Values.isNumber(b)) {
            if ((a instanceof Double da && da.isNaN()) || (b instanceof Double db && db.isNaN())) {
                // every comparison with NaN is false: pick a sign that makes the asked one false
                return op.startsWith("<") ? 1 : -1;
            }
            return numericCompare(a, b);
        }
        if (a instanceof String sa && b instanceof String sb) {
            return compareCodePoints(sa, sb);
        }
        if (a instanceof List<?> la && b instanceof List<?> lb && !(a instanceof PyRange) && !(b instanceof PyRange)
                && (a instanceof PyTuple) == (b instanceof PyTuple)) {
            for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
                if (!equal(la.get(i), lb.get(i))) {
                    return orderSign(op, la.get(i), lb.get(i));
                }
            }
            return Integer.compare(la.size(), lb.size());
        }
        throw JinjaError.type(Repr.repr(op) + " not supported between instances of "
                + Repr.repr(Values.typeName(a)) + " and " + Repr.repr(Values.typeName(b)));
    }

    /** Sign of {@code a - b} for any two Python numbers, exactly (no rounding of big ints). */
    static int numericCompare(Object a, Object b) {
        if (a instanceof Double || b instanceof Double) {
            double da = a instanceof Double d ? d : Double.NaN;
            double db = b instanceof Double d ? d : Double.NaN;
            if (a instanceof Double && b instanceof Double) {
                return da == db ? 0 : (da < db ? -1 : 1);
            }
            // int against float: compare exactly unless the float is infinite
            double f = a instanceof Double ? da : db;
            if (Double.isInfinite(f)) {
                int fSign = f > 0 ? 1 : -1;
                return a instanceof Double ? fSign : -fSign;
            }
            BigDecimal left = a instanceof Double ? new BigDecimal(da) : new BigDecimal(Values.big(a));
            BigDecimal right = b instanceof Double ? new BigDecimal(db) : new BigDecimal(Values.big(b));
            return left.compareTo(right);
        }
        if (a instanceof BigInteger || b instanceof BigInteger) {
            return Values.big(a).compareTo(Values.big(b));
        }
        return Long.compare(Values.longOf(a), Values.longOf(b));
    }

    /** Python string order: by Unicode code point, not by UTF-16 unit as {@code String.compareTo}. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** Python's {@code item in container}. */
    static boolean contains(Object container, Object item) {
        if (container instanceof String s) {
            if (!(item instanceof String sub)) {
                throw JinjaError.type("'in <string>' requires string as left operand, not " + Values.typeName(item));
            }
            return s.contains(sub);
        }
        if (container instanceof Map<?, ?> map) {
            return lookup(map, item, MISSING) != MISSING;
        }
        if (container instanceof DictView || container instanceof List || container instanceof PyIterator
                || container instanceof Undefined) {
            for (Object element : Values.iterate(container)) {
                if (equal(element, item)) {
                    return true;
                }
            }
            return false;
        }
        throw JinjaError.type("argument of type " + Repr.repr(Values.typeName(container)) + " is not iterable");
    }

    /** Python's {@code a is b} for the sameas test: value identity for singletons and small ints. */
    static boolean same(Object a, Object b) {
        if (a == null || b == null || a instanceof Boolean || b instanceof Boolean) {
            return a == b || (a != null && a.equals(b));
        }
        if (a instanceof Long la && b instanceof Long lb) {
            // CPython caches the ints -5..256, so those are the same object
            return la.equals(lb) && la >= -5 && la <= 256;
        }
        return a == b;
    }

}
