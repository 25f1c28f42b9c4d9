package dev.cpotoolkit.data.chat.jinja;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code repr(float)}: the shortest decimal that reads back as the same double, written
 * in fixed notation for decimal exponents from -4 to 15 and in {@code 1e+16} style outside
 * ({@code 1e-05}, {@code 100000.0}, {@code 1e+16}, {@code inf}, {@code nan}). Java 17's
 * {@code Double.toString} is not always shortest and formats differently, hence this class.
 */
final class FloatRepr {

    private FloatRepr() {
    }

    static String repr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0.0) {
            return (1.0 / value < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortest(value);
        String digits = shortest.unscaledValue().abs().toString();
        // strip trailing zeros of the digit string; the exponent moves with them
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        int decimalExponent = digits.length() - shortest.scale(); // value = 0.DIGITS x 10^decimalExponent
        digits = digits.substring(0, end);
        return layout(value < 0, digits, decimalExponent);
    }

    /** Python's float_repr_style 'short' layout: fixed unless the exponent is below -4 or above 16. */
    private static String layout(boolean negative, String digits, int decimalPoint) {
        StringBuilder out = new StringBuilder(negative ? "-" : "");
        if (decimalPoint > -4 && decimalPoint <= 16) {
            if (decimalPoint <= 0) {
                out.append("0.").append("0".repeat(-decimalPoint)).append(digits);
            } else if (decimalPoint >= digits.length()) {
                out.append(digits).append("0".repeat(decimalPoint - digits.length())).append(".0");
            } else {
                out.append(digits, 0, decimalPoint).append('.').append(digits.substring(decimalPoint));
            }
            return out.toString();
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits.substring(1));
        }
        int exponent = decimalPoint - 1;
        out.append('e').append(exponent < 0 ? '-' : '+');
        String magnitude = Integer.toString(Math.abs(exponent));
        out.append(magnitude.length() < 2 ? "0" + magnitude : magnitude);
        return out.toString();
    }

    /**
     * The shortest decimal that rounds to {@code value}; among equally short ones the nearest, as
     * David Gay's algorithm (used by CPython) picks.
     */
    private static BigDecimal shortest(double value) {
        BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal best = null;
            for (RoundingMode mode : new RoundingMode[] {RoundingMode.HALF_EVEN, RoundingMode.FLOOR, RoundingMode.CEILING}) {
                BigDecimal candidate = exact.round(new MathContext(precision, mode));
                if (candidate.doubleValue() == value) {
                    if (best == null || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0) {
                        best = candidate;
                    }
                }
            }
            if (best != null) {
                return best;
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }
}
