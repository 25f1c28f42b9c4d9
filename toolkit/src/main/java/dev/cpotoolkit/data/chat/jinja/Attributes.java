package dev.cpotoolkit.data.chat.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code x.name} and {@code x[key]} with the rules of Jinja2's sandboxed environment:
 * {@code .name} prefers a real attribute (so {@code d.items} is the method even when the dict has
 * an {@code "items"} key) and falls back to the item; {@code [key]} prefers the item and falls back
 * to the attribute; what is found nowhere is {@link Undefined}, not an error.
 */
final class Attributes {

    private Attributes() {
    }

    /** Jinja2's {@code environment.getattr(obj, name)}. */
    static Object getattr(Object obj, String name) {
        if (obj instanceof Undefined u) {
            throw u.error();
        }
        Object attribute = attribute(obj, name);
        if (attribute != Compare.MISSING) {
            return attribute;
        }
        Object item = item(obj, name);
        return item != Compare.MISSING ? item : Undefined.member(obj, name);
    }

    /** Jinja2's {@code environment.getitem(obj, key)}. */
    static Object getitem(Object obj, Object key) {
        if (obj instanceof Undefined u) {
            throw u.error();
        }
        Object item = item(obj, key);
        if (item != Compare.MISSING) {
            return item;
        }
        if (key instanceof String name) {
            Object attribute = attribute(obj, name);
            if (attribute != Compare.MISSING) {
                return attribute;
            }
        }
        return Undefined.member(obj, key);
    }

    /**
     * A real (Python) attribute of the value, or {@link Compare#MISSING}. Dunder names exist on
     * every Python object, and the sandbox refuses them all.
     */
    static Object attribute(Object obj, String name) {
        if (name.startsWith("__") && name.endsWith("__") && name.length() > 4) {
            return Undefined.unsafe(obj, name);
        }
        if (obj instanceof Namespace namespace) {
            return namespace.has(name) ? namespace.get(name) : Compare.MISSING;
        }
        if (obj instanceof LoopContext loop) {
            return loop.attribute(name);
        }
        if (obj instanceof Cycler cycler) {
            return cycler.attribute(name);
        }
        if (obj instanceof GroupTuple group && (name.equals("grouper") || name.equals("list"))) {
            return group.get(name.equals("grouper") ? 0 : 1);
        }
        Object method = Methods.find(obj, name);
        return method != null ? method : Compare.MISSING;
    }

    /** {@code obj[key]} when it succeeds, or {@link Compare#MISSING} where Python raises a lookup or type error. */
    private static Object item(Object obj, Object key) {
        if (obj instanceof Map<?, ?> map) {
            return Compare.lookup(map, key, Compare.MISSING);
        }
        if (key instanceof PySlice slice) {
            return sliceOrMissing(obj, slice);
        }
        if (obj instanceof String s && isIndex(key)) {
            int length = PyStrings.length(s);
            int index = normalize(key, length);
            return index < 0 ? Compare.MISSING : PyStrings.substring(s, index, index + 1);
        }
        if (obj instanceof List<?> list && isIndex(key)) {
            int index = normalize(key, list.size());
            return index < 0 ? Compare.MISSING : list.get(index);
        }
        return Compare.MISSING;
    }

    private static boolean isIndex(Object key) {
        return key instanceof Long || key instanceof Boolean || key instanceof java.math.BigInteger;
    }

    /** A Python index into a sequence of {@code length}, or -1 when out of range. */
    private static int normalize(Object key, int length) {
        if (key instanceof java.math.BigInteger) {
            return -1;
        }
        long index = Values.longOf(key);
        if (index < 0) {
            index += length;
        }
        return index < 0 || index >= length ? -1 : (int) index;
    }

    /**
     * {@code obj[start:stop:step]} as Jinja2 compiles it: plain Python slicing, which bypasses the
     * sandbox's lenient lookup, so a bad slice is an error rather than undefined.
     */
    static Object slice(Object obj, PySlice slice) {
        if (obj instanceof Undefined u) {
            throw u.error();
        }
        if (obj instanceof Map) {
            throw JinjaError.type("unhashable type: 'slice'");
        }
        if (!(obj instanceof String || obj instanceof List)) {
            throw JinjaError.type(Repr.repr(Values.typeName(obj)) + " object is not subscriptable");
        }
        if (!validBounds(slice)) {
            throw JinjaError.type("slice indices must be integers or None or have an __index__ method");
        }
        return sliceOf(obj, slice);
    }

    /** The lenient form used by {@code getitem}: MISSING where Python would raise. */
    private static Object sliceOrMissing(Object obj, PySlice slice) {
        if (!(obj instanceof String || obj instanceof List) || !validBounds(slice)) {
            return Compare.MISSING;
        }
        return sliceOf(obj, slice);
    }

    private static boolean validBounds(PySlice slice) {
        for (Object bound : new Object[] {slice.start(), slice.stop(), slice.step()}) {
            if (bound != null && !isIndex(bound)) {
                return false;
            }
        }
        return true;
    }

    /** Slices a string, list, tuple or range whose bounds are ints or None. */
    private static Object sliceOf(Object obj, PySlice slice) {
        int length = obj instanceof String s ? PyStrings.length(s) : ((List<?>) obj).size();
        long step = slice.step() == null ? 1 : clamp(slice.step());
        if (step == 0) {
            throw JinjaError.value("slice step cannot be zero");
        }
        long start;
        long stop;
        if (step > 0) {
            start = slice.start() == null ? 0 : adjust(clamp(slice.start()), length, 0, length);
            stop = slice.stop() == null ? length : adjust(clamp(slice.stop()), length, 0, length);
        } else {
            start = slice.start() == null ? length - 1 : adjust(clamp(slice.start()), length, -1, length - 1);
            stop = slice.stop() == null ? -1 : adjust(clamp(slice.stop()), length, -1, length - 1);
        }
        if (obj instanceof PyRange range) {
            // a slice of a range is a range
            return new PyRange(range.start() + start * range.step(), range.start() + stop * range.step(),
                    range.step() * step);
        }
        List<Object> items = obj instanceof String s ? Values.iterate(s) : new ArrayList<>((List<?>) obj);
        List<Object> picked = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            picked.add(items.get((int) i));
        }
        if (obj instanceof String) {
            StringBuilder text = new StringBuilder();
            picked.forEach(c -> text.append((String) c));
            return text.toString();
        }
        if (obj instanceof PyTuple) {
            return new PyTuple(picked);
        }
        return picked;
    }

    private static long clamp(Object bound) {
        if (bound instanceof java.math.BigInteger big) {
            return big.signum() > 0 ? Long.MAX_VALUE / 2 : Long.MIN_VALUE / 2;
        }
        return Values.longOf(bound);
    }

    /** CPython's {@code PySlice_AdjustIndices} for one bound. */
    private static long adjust(long bound, int length, long low, long high) {
        if (bound < 0) {
            bound += length;
            return bound < 0 ? low : bound;
        }
        return Math.min(bound, high);
    }
}
