package dev.cpotoolkit.data.chat.jinja;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's float formatting ({@code %f}, {@code %e}, {@code %g} and their {@code format()} twins),
 * rounding the exact binary value half-to-even as CPython's correctly rounded dtoa does, so
 * {@code '%.2f' % 2.675} gives {@code 2.67}. Signs and padding are left to the callers.
 */
final class NumberText {

    private NumberText() {
    }

    /** Whether a float prints with a minus sign (negative zero included). */
    static boolean negative(double value) {
        return value < 0 || (value == 0.0 && 1.0 / value < 0);
    }

    /** {@code inf} or {@code nan}, or null for finite values. */
    static String nonFinite(double value, boolean upper) {
        if (Double.isNaN(value)) {
            return upper ? "NAN" : "nan";
        }
        if (Double.isInfinite(value)) {
            return upper ? "INF" : "inf";
        }
        return null;
    }

    /** The magnitude with {@code precision} decimals: {@code %.Nf} without sign. */
    static String fixed(double magnitude, int precision, boolean alternate) {
        String special = nonFinite(magnitude, false);
        if (special != null) {
            return special;
        }
        String text = new BigDecimal(Math.abs(magnitude)).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        return alternate && precision == 0 ? text + "." : text;
    }

    /** The magnitude in scientific notation with {@code precision} decimals: {@code %.Ne} without sign. */
    static String scientific(double magnitude, int precision, boolean upper, boolean alternate) {
        String special = nonFinite(magnitude, upper);
        if (special != null) {
            return special;
        }
        double abs = Math.abs(magnitude);
        String digits;
        int exponent;
        if (abs == 0.0) {
            digits = "0".repeat(precision + 1);
            exponent = 0;
        } else {
            BigDecimal rounded = new BigDecimal(abs).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
            digits = rounded.unscaledValue().toString();
            exponent = digits.length() - 1 - rounded.scale();
            if (digits.length() < precision + 1) {
                digits = digits + "0".repeat(precision + 1 - digits.length());
            } else if (digits.length() > precision + 1) {
                digits = digits.substring(0, precision + 1);
            }
        }
        StringBuilder out = new StringBuilder().append(digits.charAt(0));
        if (precision > 0 || alternate) {
            out.append('.');
        }
        out.append(digits, 1, digits.length());
        out.append(upper ? 'E' : 'e').append(exponent < 0 ? '-' : '+');
        String e = Integer.toString(Math.abs(exponent));
        return out.append(e.length() < 2 ? "0" + e : e).toString();
    }

    /** {@code %.Ng}: fixed or scientific by the exponent, trailing zeros removed unless alternate. */
    static String general(double magnitude, int precision, boolean upper, boolean alternate) {
        String special = nonFinite(magnitude, upper);
        if (special != null) {
            return special;
        }
        int p = precision == 0 ? 1 : precision;
        double abs = Math.abs(magnitude);
        int exponent;
        if (abs == 0.0) {
            exponent = 0;
        } else {
            BigDecimal rounded = new BigDecimal(abs).round(new MathContext(p, RoundingMode.HALF_EVEN));
            exponent = rounded.precision() - 1 - rounded.scale();
        }
        String text;
        if (exponent >= -4 && exponent < p) {
            text = fixed(abs, p - 1 - exponent, alternate);
            if (!alternate && text.indexOf('.') >= 0) {
                text = stripZeros(text);
            }
        } else {
            text = scientific(abs, p - 1, upper, alternate);
            if (!alternate) {
                int e = text.indexOf(upper ? 'E' : 'e');
                text = stripZeros(text.substring(0, e)) + text.substring(e);
            }
        }
        return text;
    }

    private static String stripZeros(String mantissa) {
        if (mantissa.indexOf('.') < 0) {
            return mantissa;
        }
        int end = mantissa.length();
        while (mantissa.charAt(end - 1) == '0') {
            end--;
        }
        if (mantissa.charAt(end - 1) == '.') {
            end--;
        }
        return mantissa.substring(0, end);
    }

    /** An int in base 2, 8, 10 or 16 without sign or prefix. */
    static String integer(BigInteger value, int radix, boolean upper) {
        String text = value.abs().toString(radix);
        return upper ? text.toUpperCase(java.util.Locale.ROOT) : text;
    }
}
