package dev.cpotoolkit.data.chat.jinja;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's view of template values: type names, truthiness, {@code len()}, iteration and the
 * int/float distinction. Template values are String, Long or BigInteger (Python int), Double
 * (float), Boolean, null (None), List, {@link PyTuple}, Map, {@link Undefined} and the engine's
 * own objects (loop, namespace, macros, ...).
 */
final class Values {

    private Values() {
    }

    /** Python's {@code type(x).__name__}, used in error messages. */
    static String typeName(Object value) {
        if (value == null) {
            return "NoneType";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Long || value instanceof BigInteger) {
            return "int";
        }
        if (value instanceof Double) {
            return "float";
        }
        if (value instanceof String) {
            return "str";
        }
        if (value instanceof PyTuple) {
            return "tuple";
        }
        if (value instanceof PyRange) {
            return "range";
        }
        if (value instanceof List) {
            return "list";
        }
        if (value instanceof Map) {
            return "dict";
        }
        if (value instanceof Undefined) {
            return "Undefined";
        }
        if (value instanceof PyIterator iterator) {
            return iterator.typeName();
        }
        if (value instanceof DictView view) {
            return view.typeName();
        }
        if (value instanceof Namespace) {
            return "Namespace";
        }
        if (value instanceof LoopContext) {
            return "LoopContext";
        }
        if (value instanceof Macro) {
            return "Macro";
        }
        if (value instanceof Cycler) {
            return "Cycler";
        }
        if (value instanceof Joiner) {
            return "Joiner";
        }
        if (value instanceof BoundMethod) {
            return "builtin_function_or_method";
        }
        if (value instanceof JinjaCallable) {
            return "function";
        }
        return value.getClass().getSimpleName();
    }

    /** Python's {@code bool(x)}. */
    static boolean truthy(Object value) {
        if (value == null || value instanceof Undefined) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Long l) {
            return l != 0;
        }
        if (value instanceof BigInteger big) {
            return big.signum() != 0;
        }
        if (value instanceof Double d) {
            return d != 0.0;
        }
        if (value instanceof String s) {
            return !s.isEmpty();
        }
        if (value instanceof List<?> list) {
            return !list.isEmpty();
        }
        if (value instanceof Map<?, ?> map) {
            return !map.isEmpty();
        }
        if (value instanceof DictView view) {
            return view.size() > 0;
        }
        return true;
    }

    /** Python's {@code len(x)}. */
    static int length(Object value) {
        if (value instanceof String s) {
            return s.codePointCount(0, s.length());
        }
        if (value instanceof List<?> list) {
            return list.size();
        }
        if (value instanceof Map<?, ?> map) {
            return map.size();
        }
        if (value instanceof DictView view) {
            return view.size();
        }
        if (value instanceof Undefined) {
            return 0;
        }
        if (value instanceof LoopContext loop) {
            return loop.length();
        }
        throw JinjaError.type("object of type " + Repr.repr(typeName(value)) + " has no len()");
    }

    /** Whether {@code iter(x)} works. */
    static boolean isIterable(Object value) {
        return value instanceof String || value instanceof List || value instanceof Map
                || value instanceof DictView || value instanceof PyIterator || value instanceof Undefined
                || value instanceof LoopContext;
    }

    /**
     * The items {@code for x in value} visits: characters of a string, keys of a dict, nothing for
     * undefined. Iterators are consumed, as in Python.
     */
    static List<Object> iterate(Object value) {
        if (value instanceof String s) {
            List<Object> chars = new ArrayList<>(s.length());
            s.codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
            return chars;
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        if (value instanceof Map<?, ?> map) {
            return new ArrayList<>(map.keySet());
        }
        if (value instanceof DictView view) {
            return view.items();
        }
        if (value instanceof PyIterator iterator) {
            return iterator.drain();
        }
        if (value instanceof Undefined) {
            return new ArrayList<>();
        }
        if (value instanceof LoopContext loop) {
            return new ArrayList<>(loop.items());
        }
        throw JinjaError.type(Repr.repr(typeName(value)) + " object is not iterable");
    }

    /** Whether the value is a Python int (bool included, as in Python). */
    static boolean isInt(Object value) {
        return value instanceof Long || value instanceof BigInteger || value instanceof Boolean;
    }

    /** Whether the value is a Python int or float (bool included). */
    static boolean isNumber(Object value) {
        return isInt(value) || value instanceof Double;
    }

    /** An int value (bool as 0/1) as a BigInteger. */
    static BigInteger big(Object value) {
        if (value instanceof BigInteger big) {
            return big;
        }
        return BigInteger.valueOf(longOf(value));
    }

    /** An int value as a long; only for values known to be Long or Boolean. */
    static long longOf(Object value) {
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return (Long) value;
    }

    /** A number as a double, as Python's {@code float(x)} for ints and floats. */
    static double doubleOf(Object value) {
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof BigInteger big) {
            double d = big.doubleValue();
            if (Double.isInfinite(d)) {
                throw new JinjaError(JinjaError.Kind.OVERFLOW, "int too large to convert to float");
            }
            return d;
        }
        return longOf(value);
    }

    /** The canonical int: Long when it fits, BigInteger beyond (Python ints never overflow). */
    static Object integer(BigInteger value) {
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    /**
     * An int argument that must fit a Java int (an index, a width, a count); Python's
     * {@code __index__}: bools count, floats do not. Out-of-range values are clamped.
     *
     * @param value the argument
     * @return the value
     */
    static int index(Object value) {
        if (value instanceof Long || value instanceof Boolean) {
            long l = longOf(value);
            if (l > Integer.MAX_VALUE) {
                return Integer.MAX_VALUE;
            }
            if (l < Integer.MIN_VALUE) {
                return Integer.MIN_VALUE;
            }
            return (int) l;
        }
        if (value instanceof BigInteger big) {
            return big.signum() > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        }
        throw JinjaError.type(Repr.repr(typeName(value)) + " object cannot be interpreted as an integer");
    }
}
