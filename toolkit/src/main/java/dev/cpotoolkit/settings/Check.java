package dev.cpotoolkit.settings;

import java.util.function.DoublePredicate;

/**
 * The single-value rules a {@link Setting} can declare, each with the words
 * its error message uses. Rules between settings (a prompt limit below the
 * total limit) are code in the record that holds them.
 */
public enum Check {
    /** Any value. */
    ANY("", v -> true),
    /** A finite number. */
    FINITE("must be finite", Double::isFinite),
    /** Greater than zero (and finite). */
    POSITIVE("must be positive", v -> v > 0 && Double.isFinite(v)),
    /** Zero or more (and finite). */
    NON_NEGATIVE("must be >= 0", v -> v >= 0 && Double.isFinite(v)),
    /** Below zero. */
    NEGATIVE("must be negative", v -> v < 0),
    /** In [0, 1]. */
    UNIT_INTERVAL("must be in [0, 1]", v -> v >= 0 && v <= 1),
    /** In [0, 1). */
    UNIT_INTERVAL_OPEN("must be in [0, 1)", v -> v >= 0 && v < 1),
    /** In [0, 0.5]. */
    AT_MOST_HALF("must be in [0, 0.5]", v -> v >= 0 && v <= 0.5),
    /** Greater than zero, or -1 for "not set". */
    POSITIVE_OR_MINUS_ONE("must be positive, or -1", v -> v == -1 || v > 0);

    private final String words;
    private final DoublePredicate test;

    Check(String words, DoublePredicate test) {
        this.words = words;
        this.test = test;
    }

    /** Whether a number keeps the rule. */
    public boolean accepts(double value) {
        return test.test(value);
    }

    /** The rule in words, such as {@code "must be positive"}. */
    public String words() {
        return words;
    }
}
