package dev.cpotoolkit.data.chat.jinja;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Python's arithmetic operators on template values: ints never overflow (Long widens to
 * BigInteger), {@code /} always gives a float, {@code //} and {@code %} floor toward negative
 * infinity, {@code +} and {@code *} also work on strings and lists, and {@code %} on a string
 * formats it. Errors carry Python's messages.
 */
final class Arithmetic {

    private Arithmetic() {
    }

    /** Applies a binary operator: one of {@code + - * / // % **}. */
    static Object binary(String op, Object a, Object b) {
        if (a instanceof Undefined u) {
            throw u.error();
        }
        if (b instanceof Undefined u) {
            throw u.error();
        }
        return switch (op) {
            case "+" -> add(a, b);
            case "-" -> subtract(a, b);
            case "*" -> multiply(a, b);
            case "/" -> divide(a, b);
            case "//" -> floorDivide(a, b);
            case "%" -> modulo(a, b);
            case "**" -> power(a, b);
            default -> throw new IllegalArgumentException(op);
        };
    }

    /** Unary {@code -x} or {@code +x}. */
    static Object unary(String op, Object value) {
        if (value instanceof Undefined u) {
            throw u.error();
        }
        if (value instanceof Double d) {
            return op.equals("-") ? -d : d;
        }
        if (Values.isInt(value)) {
            BigInteger big = Values.big(value);
            return Values.integer(op.equals("-") ? big.negate() : big);
        }
        throw JinjaError.type("bad operand type for unary " + op + ": " + Repr.repr(Values.typeName(value)));
    }

    private static Object add(Object a, Object b) {
        if (Values.isNumber(a) && Values.isNumber(b)) {
            if (a instanceof Double || b instanceof Double) {
                return Values.doubleOf(a) + Values.doubleOf(b);
            }
            if (a instanceof Long la && b instanceof Long lb) {
                long sum = la + lb;
                if (((la ^ sum) & (lb ^ sum)) >= 0) {
                    return sum;
                }
            }
            return Values.integer(Values.big(a).add(Values.big(b)));
        }
        if (a instanceof String sa) {
            if (b instanceof String sb) {
                return sa + sb;
            }
            throw JinjaError.type("can only concatenate str (not \"" + Values.typeName(b) + "\") to str");
        }
        if (isPlainSequence(a)) {
            if (isPlainSequence(b) && (a instanceof PyTuple) == (b instanceof PyTuple)) {
                List<Object> joined = new ArrayList<>((List<?>) a);
                joined.addAll((List<?>) b);
                return a instanceof PyTuple ? new PyTuple(joined) : joined;
            }
            String type = Values.typeName(a);
            throw JinjaError.type("can only concatenate " + type + " (not \"" + Values.typeName(b) + "\") to " + type);
        }
        throw unsupported("+", a, b);
    }

    private static boolean isPlainSequence(Object value) {
        return value instanceof List && !(value instanceof PyRange);
    }

    private static Object subtract(Object a, Object b) {
        requireNumbers("-", a, b);
        if (a instanceof Double || b instanceof Double) {
            return Values.doubleOf(a) - Values.doubleOf(b);
        }
        return Values.integer(Values.big(a).subtract(Values.big(b)));
    }

    private static Object multiply(Object a, Object b) {
        if (Values.isNumber(a) && Values.isNumber(b)) {
            if (a instanceof Double || b instanceof Double) {
                return Values.doubleOf(a) * Values.doubleOf(b);
            }
            return Values.integer(Values.big(a).multiply(Values.big(b)));
        }
        if (isRepeatable(a) || isRepeatable(b)) {
            Object sequence = isRepeatable(a) ? a : b;
            Object times = sequence == a ? b : a;
            if (!Values.isInt(times)) {
                throw JinjaError.type("can't multiply sequence by non-int of type " + Repr.repr(Values.typeName(times)));
            }
            int count = Values.index(times);
            long size = (long) Math.max(count, 0) * (sequence instanceof String s ? s.length() : ((List<?>) sequence).size());
            if (size > MAX_REPEAT) {
                throw new JinjaError(JinjaError.Kind.UNSUPPORTED, "a repeated sequence of " + size
                        + " items is more than this engine builds");
            }
            return repeat(sequence, count);
        }
        throw unsupported("*", a, b);
    }

    /** A template cannot make strings or lists longer than this by repetition (Python would try, then run out of memory). */
    private static final long MAX_REPEAT = 100_000_000;

    private static boolean isRepeatable(Object value) {
        return value instanceof String || isPlainSequence(value);
    }

    private static Object repeat(Object sequence, int times) {
        if (sequence instanceof String s) {
            return times <= 0 ? "" : s.repeat(times);
        }
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            items.addAll((List<?>) sequence);
        }
        return sequence instanceof PyTuple ? new PyTuple(items) : items;
    }

    private static Object divide(Object a, Object b) {
        requireNumbers("/", a, b);
        if (a instanceof Double || b instanceof Double) {
            return Values.doubleOf(a) / floatDivisor(b, "float division by zero");
        }
        BigInteger divisor = intDivisor(b, "division by zero");
        BigInteger dividend = Values.big(a);
        if (dividend.bitLength() <= 53 && divisor.bitLength() <= 53) {
            // both exact as doubles, so one IEEE division rounds correctly, as Python does
            return dividend.doubleValue() / divisor.doubleValue();
        }
        return new BigDecimal(dividend).divide(new BigDecimal(divisor), new MathContext(40)).doubleValue();
    }

    private static Object floorDivide(Object a, Object b) {
        requireNumbers("//", a, b);
        if (a instanceof Double || b instanceof Double) {
            return floatDivMod(Values.doubleOf(a), floatDivisor(b, "float floor division by zero"))[0];
        }
        BigInteger divisor = intDivisor(b, "integer division or modulo by zero");
        BigInteger[] qr = Values.big(a).divideAndRemainder(divisor);
        BigInteger quotient = qr[0];
        if (qr[1].signum() != 0 && qr[1].signum() != divisor.signum()) {
            quotient = quotient.subtract(BigInteger.ONE);
        }
        return Values.integer(quotient);
    }

    private static Object modulo(Object a, Object b) {
        if (a instanceof String format) {
            return PercentFormat.format(format, b);
        }
        requireNumbers("%", a, b);
        if (a instanceof Double || b instanceof Double) {
            return floatDivMod(Values.doubleOf(a), floatDivisor(b, "float modulo"))[1];
        }
        BigInteger divisor = intDivisor(b, "integer modulo by zero");
        BigInteger remainder = Values.big(a).mod(divisor.abs());
        if (divisor.signum() < 0 && remainder.signum() != 0) {
            remainder = remainder.add(divisor);
        }
        return Values.integer(remainder);
    }

    private static void requireNumbers(String op, Object a, Object b) {
        if (!Values.isNumber(a) || !Values.isNumber(b)) {
            throw unsupported(op, a, b);
        }
    }

    /** The divisor as a float; zero is Python's ZeroDivisionError with the operator's own wording. */
    private static double floatDivisor(Object b, String zeroMessage) {
        double divisor = Values.doubleOf(b);
        if (divisor == 0.0) {
            throw new JinjaError(JinjaError.Kind.ZERO_DIVISION, zeroMessage);
        }
        return divisor;
    }

    private static BigInteger intDivisor(Object b, String zeroMessage) {
        BigInteger divisor = Values.big(b);
        if (divisor.signum() == 0) {
            throw new JinjaError(JinjaError.Kind.ZERO_DIVISION, zeroMessage);
        }
        return divisor;
    }

    /** CPython's {@code float_divmod}: the floor quotient and a remainder with the divisor's sign. */
    private static double[] floatDivMod(double x, double y) {
        double mod = x % y; // C fmod
        double div = (x - mod) / y;
        if (mod != 0.0) {
            if ((y < 0) != (mod < 0)) {
                mod += y;
                div -= 1.0;
            }
        } else {
            mod = Math.copySign(0.0, y);
        }
        double floorDiv;
        if (div != 0.0) {
            floorDiv = Math.floor(div);
            if (div - floorDiv > 0.5) {
                floorDiv += 1.0;
            }
        } else {
            floorDiv = Math.copySign(0.0, x / y);
        }
        return new double[] {floorDiv, mod};
    }

    /** Python refuses to build ints beyond this many bits here; the sandbox should not hang on {@code 9**9**9}. */
    private static final int MAX_POWER_BITS = 1 << 20;

    private static Object power(Object a, Object b) {
        if (!Values.isNumber(a) || !Values.isNumber(b)) {
            throw new JinjaError(JinjaError.Kind.TYPE, "unsupported operand type(s) for ** or pow(): "
                    + Repr.repr(Values.typeName(a)) + " and " + Repr.repr(Values.typeName(b)));
        }
        if (Values.isInt(a) && Values.isInt(b) && Values.big(b).signum() >= 0) {
            BigInteger base = Values.big(a);
            BigInteger exponent = Values.big(b);
            if (base.abs().compareTo(BigInteger.ONE) <= 0) {
                // 0, 1 and -1 stay small whatever the exponent's size
                if (exponent.signum() == 0) {
                    return 1L;
                }
                return Values.integer(exponent.testBit(0) ? base : base.multiply(base));
            }
            if (exponent.bitLength() > 31 || (long) base.bitLength() * exponent.intValue() > MAX_POWER_BITS) {
                throw new JinjaError(JinjaError.Kind.UNSUPPORTED, "integer power too large for this engine");
            }
            return Values.integer(base.pow(exponent.intValue()));
        }
        double x = Values.doubleOf(a);
        double y = Values.doubleOf(b);
        if (x == 0.0 && y < 0) {
            throw new JinjaError(JinjaError.Kind.ZERO_DIVISION, "0.0 cannot be raised to a negative power");
        }
        if (x < 0 && y != Math.rint(y) && !Double.isInfinite(y)) {
            throw new JinjaError(JinjaError.Kind.UNSUPPORTED, "a negative number to a fractional power is a complex"
                    + " number in Python, which this engine does not have");
        }
        double result = Math.pow(x, y);
        if (Double.isInfinite(result) && !Double.isInfinite(x) && !Double.isInfinite(y)) {
            throw new JinjaError(JinjaError.Kind.OVERFLOW, "(34, 'Numerical result out of range')");
        }
        return result;
    }

    private static JinjaError unsupported(String op, Object a, Object b) {
        return JinjaError.type("unsupported operand type(s) for " + op + ": " + Repr.repr(Values.typeName(a))
                + " and " + Repr.repr(Values.typeName(b)));
    }
}
