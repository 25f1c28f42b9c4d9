package dev.cpotoolkit.data.chat.jinja;

import java.math.BigInteger;
import java.util.Locale;

/** Python's {@code int(text, base)}: whitespace, sign, base prefixes and digit underscores. */
final class IntParser {

    private IntParser() {
    }

    /**
     * Parses an int as Python would.
     *
     * @param text the string
     * @param base 0 (prefix decides) or 2..36
     * @return a Long or BigInteger, or null where Python raises ValueError
     */
    static Object parse(String text, int base) {
        if (base != 0 && (base < 2 || base > 36)) {
            return null;
        }
        String s = PyStrings.strip(text, null, true, true).toLowerCase(Locale.ROOT);
        boolean negative = false;
        if (s.startsWith("+") || s.startsWith("-")) {
            negative = s.startsWith("-");
            s = s.substring(1);
        }
        boolean prefixed = false;
        int prefixBase = s.startsWith("0x") ? 16 : s.startsWith("0o") ? 8 : s.startsWith("0b") ? 2 : 0;
        if (prefixBase != 0 && (base == 0 || base == prefixBase)) {
            base = prefixBase;
            s = s.substring(2);
            prefixed = true;
        }
        if (base == 0) {
            // without prefix, base 0 means decimal, and leading zeros are only allowed for zero itself
            if (s.length() > 1 && s.startsWith("0") && !s.replace("_", "").chars().allMatch(c -> c == '0')) {
                return null;
            }
            base = 10;
        }
        if (prefixed && s.startsWith("_")) {
            s = s.substring(1);
        }
        if (s.isEmpty() || s.startsWith("_") || s.endsWith("_") || s.contains("__")) {
            return null;
        }
        String digits = s.replace("_", "");
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), base) < 0) {
                return null;
            }
        }
        BigInteger value = new BigInteger(digits, base);
        return Values.integer(negative ? value.negate() : value);
    }
}
