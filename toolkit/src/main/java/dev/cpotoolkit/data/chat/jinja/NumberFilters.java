package dev.cpotoolkit.data.chat.jinja;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Jinja2's filters on numbers: {@code abs}, {@code int}, {@code float} (Python's parsing rules) and {@code round}. */
final class NumberFilters {

    private NumberFilters() {
    }

    static void register(Map<String, Filters.Filter> filters) {
        filters.put("abs", NumberFilters::abs);
        filters.put("float", NumberFilters::toFloat);
        filters.put("int", NumberFilters::toInt);
        filters.put("round", NumberFilters::round);
    }

    private static Object abs(Object value, List<Object> args, Map<String, Object> kwargs) {
        Args.bind("abs", args, kwargs);
        if (value instanceof Double d) {
            return Math.abs(d);
        }
        if (Values.isInt(value)) {
            return Values.integer(Values.big(value).abs());
        }
        throw JinjaError.type("bad operand type for abs(): " + Repr.repr(Values.typeName(value)));
    }

    /** Python's {@code float(x)}, or null where Python raises TypeError/ValueError. */
    private static Double parseFloat(Object value) {
        if (value instanceof Undefined u) {
            throw u.error();
        }
        if (Values.isNumber(value)) {
            return Values.doubleOf(value);
        }
        if (value instanceof String s) {
            String text = PyStrings.strip(s, null, true, true).toLowerCase(java.util.Locale.ROOT);
            String unsigned = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
            boolean negative = text.startsWith("-");
            if (unsigned.equals("inf") || unsigned.equals("infinity")) {
                return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (unsigned.equals("nan")) {
                return Double.NaN;
            }
            if (!unsigned.matches("(\\d(_?\\d)*)?(\\.(\\d(_?\\d)*)?)?(e[+-]?\\d(_?\\d)*)?") || !unsigned.matches(".*\\d.*")
                    || unsigned.startsWith("e") || unsigned.matches("\\.e.*")) {
                return null;
            }
            return Double.parseDouble(text.replace("_", ""));
        }
        return null;
    }

    /** Python's {@code float(x)}, failing with ValueError where Python does. */
    static double toDouble(Object value) {
        Double parsed = parseFloat(value);
        if (parsed == null) {
            throw JinjaError.value("could not convert string to float: " + Repr.repr(value));
        }
        return parsed;
    }

    private static Object toFloat(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object fallback = Args.bind("float", args, kwargs, "default", 0.0)[0];
        Double parsed = parseFloat(value);
        return parsed == null ? fallback : parsed;
    }

    private static Object toInt(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("int", args, kwargs, "default", 0L, "base", 10L);
        if (value instanceof Undefined u) {
            throw u.error();
        }
        if (value instanceof String s) {
            Object parsed = IntParser.parse(s, Values.index(a[1]));
            if (parsed != null) {
                return parsed;
            }
        } else if (Values.isInt(value)) {
            return Values.integer(Values.big(value));
        } else if (value instanceof Double d) {
            return toInteger(d, a[0]);
        }
        // Jinja2's fallback so that "42.23"|int gives 42
        Double parsed = parseFloat(value);
        return parsed == null ? a[0] : toInteger(parsed, a[0]);
    }

    private static Object toInteger(double d, Object fallback) {
        if (Double.isNaN(d)) {
            return fallback;
        }
        if (Double.isInfinite(d)) {
            throw new JinjaError(JinjaError.Kind.OVERFLOW, "cannot convert float infinity to integer");
        }
        return Values.integer(new BigDecimal(d).toBigInteger());
    }

    private static Object round(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("round", args, kwargs, "precision", 0L, "method", "common");
        String method = Repr.str(a[1]);
        if (!Set.of("common", "ceil", "floor").contains(method) || !(a[1] instanceof String)) {
            throw Filters.filterArgument("method must be common, ceil or floor");
        }
        int precision = Values.index(a[0]);
        if (method.equals("common")) {
            if (Values.isInt(value)) {
                // int.__round__ keeps an int
                return precision >= 0 ? Values.integer(Values.big(value))
                        : Values.integer(new BigDecimal(Values.big(value)).setScale(precision, RoundingMode.HALF_EVEN)
                        .toBigInteger());
            }
            if (!(value instanceof Double d)) {
                throw JinjaError.type("type " + Values.typeName(value) + " doesn't define __round__ method");
            }
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return d;
            }
            double rounded = new BigDecimal(d).setScale(precision, RoundingMode.HALF_EVEN).doubleValue();
            return rounded == 0.0 ? Math.copySign(0.0, d) : rounded;
        }
        Object scaled = Arithmetic.binary("*", value, Arithmetic.binary("**", 10L, (long) precision));
        double x = Values.doubleOf(scaled);
        double rounded = method.equals("ceil") ? Math.ceil(x) : Math.floor(x);
        return Arithmetic.binary("/", Values.integer(new BigDecimal(rounded).toBigInteger()),
                Arithmetic.binary("**", 10L, (long) precision));
    }
}
