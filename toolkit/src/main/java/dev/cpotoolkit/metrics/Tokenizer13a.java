package dev.cpotoolkit.metrics;

import java.util.regex.Pattern;

/**
 * sacreBLEU's default BLEU tokenization, {@code 13a}: the rules of WMT's
 * {@code mteval-v13a.pl}. Four HTML entities are unescaped, then punctuation
 * and symbols are split off words, periods and commas unless they sit between
 * digits, and a dash after a digit; runs of whitespace become one space.
 */
public final class Tokenizer13a {

    /** Symbols split off everywhere: {@code { | } ~ [ \ ] ^ _ `}, space to {@code &}, {@code ( ) * +}, {@code : ; < = > ? @} and {@code /}. */
    private static final Pattern SYMBOLS = Pattern.compile("([\\{-~\\[-` -&\\(-\\+:-@/])");
    private static final Pattern PERIOD_COMMA_AFTER_NON_DIGIT = Pattern.compile("([^0-9])([\\.,])");
    private static final Pattern PERIOD_COMMA_BEFORE_NON_DIGIT = Pattern.compile("([\\.,])([^0-9])");
    private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");

    private Tokenizer13a() {}

    /** The line tokenized, tokens separated by single spaces, no leading or trailing space. */
    public static String tokenize(String line) {
        String text = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
        if (text.indexOf('&') >= 0) {
            text = text.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        }
        text = " " + text + " ";
        text = SYMBOLS.matcher(text).replaceAll(" $1 ");
        text = PERIOD_COMMA_AFTER_NON_DIGIT.matcher(text).replaceAll("$1 $2 ");
        text = PERIOD_COMMA_BEFORE_NON_DIGIT.matcher(text).replaceAll(" $1 $2");
        text = DASH_AFTER_DIGIT.matcher(text).replaceAll("$1 $2 ");
        return String.join(" ", PythonText.split(text));
    }
}
