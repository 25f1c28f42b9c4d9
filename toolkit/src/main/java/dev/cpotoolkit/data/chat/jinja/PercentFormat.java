package dev.cpotoolkit.data.chat.jinja;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Python's printf-style {@code format % args}, used by the {@code %} operator on strings and the
 * {@code format} filter: {@code %s %r %d %i %f %e %g %x %o %c %%} with flags, width, precision,
 * {@code *} and {@code %(name)s} mapping keys.
 */
final class PercentFormat {

    private final String format;
    private final List<Object> args;
    private final Map<?, ?> mapping;
    /** Python skips the leftover-argument check when the argument looks like a mapping (lists do too). */
    private final boolean leftoverAllowed;
    private int nextArg;
    private int pos;

    private PercentFormat(String format, Object args) {
        this.format = format;
        if (args instanceof PyTuple tuple) {
            this.args = tuple;
        } else {
            this.args = java.util.Collections.singletonList(args);
        }
        this.mapping = args instanceof Map<?, ?> map ? map : null;
        this.leftoverAllowed = args instanceof Map || (args instanceof List && !(args instanceof PyTuple));
    }

    static String format(String format, Object args) {
        return new PercentFormat(format, args).run();
    }

    private String run() {
        StringBuilder out = new StringBuilder();
        boolean usedMapping = false;
        while (pos < format.length()) {
            char c = format.charAt(pos++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (pos >= format.length()) {
                throw JinjaError.value("incomplete format");
            }
            Object value = null;
            boolean haveValue = false;
            if (format.charAt(pos) == '(') {
                if (mapping == null) {
                    throw JinjaError.type("format requires a mapping");
                }
                int close = format.indexOf(')', pos);
                if (close < 0) {
                    throw JinjaError.value("incomplete format key");
                }
                String key = format.substring(pos + 1, close);
                pos = close + 1;
                value = Compare.lookup(mapping, key, Compare.MISSING);
                if (value == Compare.MISSING) {
                    throw new JinjaError(JinjaError.Kind.KEY, Repr.repr(key));
                }
                haveValue = true;
                usedMapping = true;
            }
            Spec spec = new Spec();
            while (pos < format.length() && "-+ #0".indexOf(format.charAt(pos)) >= 0) {
                spec.flag(format.charAt(pos++));
            }
            spec.width = number(-1);
            if (pos < format.length() && format.charAt(pos) == '.') {
                pos++;
                spec.precision = number(0);
            }
            while (pos < format.length() && "hlL".indexOf(format.charAt(pos)) >= 0) {
                pos++;
            }
            if (pos >= format.length()) {
                throw JinjaError.value("incomplete format");
            }
            char type = format.charAt(pos++);
            if (type == '%') {
                out.append('%');
                continue;
            }
            if (!haveValue) {
                value = nextArgument();
            }
            out.append(spec.pad(convert(type, value, spec)));
        }
        if (nextArg < args.size() && !usedMapping && !leftoverAllowed) {
            throw JinjaError.type("not all arguments converted during string formatting");
        }
        return out.toString();
    }

    /** Reads a width or precision: digits, {@code *} (taken from the arguments) or nothing. */
    private int number(int absent) {
        if (pos < format.length() && format.charAt(pos) == '*') {
            pos++;
            Object value = nextArgument();
            if (!(value instanceof Long || value instanceof Boolean)) {
                throw JinjaError.type("* wants int");
            }
            return (int) Values.longOf(value);
        }
        int start = pos;
        while (pos < format.length() && Character.isDigit(format.charAt(pos))) {
            pos++;
        }
        return start == pos ? absent : Integer.parseInt(format.substring(start, pos));
    }

    private Object nextArgument() {
        if (nextArg >= args.size()) {
            throw JinjaError.type("not enough arguments for format string");
        }
        return args.get(nextArg++);
    }

    private String convert(char type, Object value, Spec spec) {
        switch (type) {
            case 's':
                return truncate(Repr.str(value), spec.precision);
            case 'r':
            case 'a':
                return truncate(Repr.repr(value), spec.precision);
            case 'd':
            case 'i':
            case 'u':
                return spec.signed(integerOf(value, type), 10, false, "");
            case 'x':
            case 'X':
            case 'o':
                if (!Values.isInt(value)) {
                    throw JinjaError.type("%" + type + " format: an integer is required, not " + Values.typeName(value));
                }
                String prefix = spec.alternate ? (type == 'o' ? "0o" : type == 'x' ? "0x" : "0X") : "";
                return spec.signed(Values.big(value), type == 'o' ? 8 : 16, type == 'X', prefix);
            case 'e':
            case 'E':
            case 'f':
            case 'F':
            case 'g':
            case 'G':
                return spec.floating(type, floatOf(value));
            case 'c':
                if (value instanceof String s && s.codePointCount(0, s.length()) == 1) {
                    return s;
                }
                if (Values.isInt(value)) {
                    int codePoint = Values.index(value);
                    if (codePoint < 0 || codePoint > Character.MAX_CODE_POINT) {
                        throw new JinjaError(JinjaError.Kind.OVERFLOW, "%c arg not in range(0x110000)");
                    }
                    return new String(Character.toChars(codePoint));
                }
                throw JinjaError.type("%c requires int or char");
            default:
                throw JinjaError.value("unsupported format character " + Repr.repr(String.valueOf(type))
                        + " (0x" + Integer.toHexString(type) + ") at index " + (pos - 1));
        }
    }

    private static String truncate(String text, int precision) {
        if (precision < 0 || precision >= text.codePointCount(0, text.length())) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, precision));
    }

    private static BigInteger integerOf(Object value, char type) {
        if (Values.isInt(value)) {
            return Values.big(value);
        }
        if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new JinjaError(d.isNaN() ? JinjaError.Kind.VALUE : JinjaError.Kind.OVERFLOW,
                        "cannot convert float " + FloatRepr.repr(d) + " to integer");
            }
            return new java.math.BigDecimal(d).toBigInteger();
        }
        throw JinjaError.type("%" + type + " format: a real number is required, not " + Values.typeName(value));
    }

    private static double floatOf(Object value) {
        if (Values.isNumber(value)) {
            return Values.doubleOf(value);
        }
        throw JinjaError.type("must be real number, not " + Values.typeName(value));
    }

    /** Flags, width and precision of one conversion, and the padding they call for. */
    private static final class Spec {
        boolean left;
        boolean plus;
        boolean space;
        boolean alternate;
        boolean zero;
        int width = -1;
        int precision = -1;

        void flag(char c) {
            switch (c) {
                case '-' -> left = true;
                case '+' -> plus = true;
                case ' ' -> space = true;
                case '#' -> alternate = true;
                default -> zero = true;
            }
        }

        String signed(BigInteger value, int radix, boolean upper, String prefix) {
            String digits = NumberText.integer(value, radix, upper);
            if (precision > digits.length()) {
                digits = "0".repeat(precision - digits.length()) + digits;
            }
            return withSign(value.signum() < 0, prefix + digits, prefix.length());
        }

        String floating(char type, double value) {
            int p = precision < 0 ? 6 : precision;
            String body = switch (type) {
                case 'e', 'E' -> NumberText.scientific(value, p, type == 'E', alternate);
                case 'f', 'F' -> type == 'F' && NumberText.nonFinite(value, true) != null
                        ? NumberText.nonFinite(value, true) : NumberText.fixed(value, p, alternate);
                default -> NumberText.general(value, p, type == 'G', alternate);
            };
            return withSign(NumberText.negative(value) && !Double.isNaN(value), body, 0);
        }

        /** Adds the sign and, with the 0 flag, zeros between the sign (and prefix) and the digits. */
        private String withSign(boolean negative, String body, int prefixLength) {
            String sign = negative ? "-" : plus ? "+" : space ? " " : "";
            if (zero && !left && width > sign.length() + body.length() && !body.endsWith("inf") && !body.endsWith("nan")
                    && !body.endsWith("INF") && !body.endsWith("NAN")) {
                String zeros = "0".repeat(width - sign.length() - body.length());
                return sign + body.substring(0, prefixLength) + zeros + body.substring(prefixLength);
            }
            return sign + body;
        }

        String pad(String text) {
            int length = text.codePointCount(0, text.length());
            if (width <= length) {
                return text;
            }
            String spaces = " ".repeat(width - length);
            return left ? text + spaces : spaces + text;
        }
    }
}
