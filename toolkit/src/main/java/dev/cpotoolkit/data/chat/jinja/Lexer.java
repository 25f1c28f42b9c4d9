package dev.cpotoolkit.data.chat.jinja;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits template source into tokens exactly as Jinja2's lexer does with transformers' settings
 * ({@code trim_blocks=True, lstrip_blocks=True}): the same regular expressions, the same
 * whitespace control ({@code -} strips, {@code +} keeps, lstrip applies to block and comment tags
 * only, trim removes one newline after a block or comment tag), and the same newline handling
 * (line breaks become {@code \n}; one trailing newline of the source is dropped).
 */
final class Lexer {

    /** Python's regex {@code \s} on str patterns: str.isspace() characters. */
    private static final String WS = "[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";

    /** Text up to the next tag opener; the raw opener is tried before the block opener, as in Jinja2. */
    private static final Pattern ROOT = Pattern.compile("(.*?)(?:(?<raw>\\{%([-+]?)" + WS + "*raw" + WS
            + "*(?:-%\\}" + WS + "*|%\\}))|(?<variable>\\{\\{([-+]?))|(?<comment>\\{#([-+]?))|(?<block>\\{%([-+]?)))",
            Pattern.DOTALL);
    private static final Pattern BLOCK_END = Pattern.compile("\\+%\\}|-%\\}" + WS + "*|%\\}\\n?");
    private static final Pattern VARIABLE_END = Pattern.compile("-\\}\\}" + WS + "*|\\}\\}");
    private static final Pattern COMMENT_END = Pattern.compile("(.*?)(?:\\+#\\}|-#\\}" + WS + "*|#\\}\\n?)",
            Pattern.DOTALL);
    private static final Pattern RAW_END = Pattern.compile("(.*?)(?:\\{%([-+]?)" + WS + "*endraw" + WS
            + "*(?:\\+%\\}|-%\\}" + WS + "*|%\\}\\n?))", Pattern.DOTALL);
    private static final Pattern WHITESPACE = Pattern.compile(WS + "+");
    private static final Pattern FLOAT = Pattern.compile(
            "(?<!\\.)([0-9]+_)*[0-9]+((\\.([0-9]+_)*[0-9]+)?[eE][+\\-]?([0-9]+_)*[0-9]+|\\.([0-9]+_)*[0-9]+)");
    private static final Pattern INTEGER = Pattern.compile(
            "0[bB](_?[01])+|0[oO](_?[0-7])+|0[xX](_?[0-9a-fA-F])+|[1-9](_?[0-9])*|0(_?0)*");
    private static final Pattern NAME = Pattern.compile(
            "[\\p{L}\\p{Nl}_][\\p{L}\\p{Nl}\\p{Mn}\\p{Mc}\\p{Nd}\\p{Pc}]*");
    private static final Pattern STRING = Pattern.compile(
            "'([^'\\\\]*(?:\\\\.[^'\\\\]*)*)'|\"([^\"\\\\]*(?:\\\\.[^\"\\\\]*)*)\"", Pattern.DOTALL);
    private static final Pattern OPERATOR = Pattern.compile(
            "//|\\*\\*|==|!=|>=|<=|[+\\-/*%~\\[\\](){}><=.:|,;]");

    private final String source;
    private final List<Token> tokens = new ArrayList<>();
    private final Deque<Character> brackets = new ArrayDeque<>();
    private int pos;
    private int line = 1;
    private boolean lineStarting = true;

    private Lexer(String source) {
        this.source = normalizeNewlines(source);
    }

    /**
     * Tokenizes a template.
     *
     * @param source the template source
     * @return the tokens, ending with an EOF token
     * @throws JinjaError a syntax error naming the line
     */
    static List<Token> tokenize(String source) {
        Lexer lexer = new Lexer(source);
        lexer.run();
        return lexer.tokens;
    }

    /** Every line break becomes {@code \n}, and one trailing newline goes (keep_trailing_newline=False). */
    private static String normalizeNewlines(String source) {
        String unified = source.replace("\r\n", "\n").replace('\r', '\n');
        return unified.endsWith("\n") ? unified.substring(0, unified.length() - 1) : unified;
    }

    private void run() {
        while (pos < source.length()) {
            Matcher m = ROOT.matcher(source).region(pos, source.length());
            if (!m.lookingAt()) {
                emitData(source.substring(pos));
                pos = source.length();
                break;
            }
            String tag = m.group("raw") != null ? "raw" : m.group("variable") != null ? "variable"
                    : m.group("comment") != null ? "comment" : "block";
            String sign = m.group(tag.equals("raw") ? 3 : tag.equals("variable") ? 5 : tag.equals("comment") ? 7 : 9);
            emitLeadingText(m.group(1), sign, !tag.equals("variable"));
            String opener = m.group(tag);
            line += count(opener);
            lineStarting = m.group().endsWith("\n");
            pos = m.end();
            switch (tag) {
                case "raw" -> lexRaw();
                case "comment" -> lexComment();
                case "variable" -> {
                    tokens.add(new Token(TokenKind.VARIABLE_BEGIN, opener, line));
                    lexTag(VARIABLE_END, TokenKind.VARIABLE_END);
                }
                default -> {
                    tokens.add(new Token(TokenKind.BLOCK_BEGIN, opener, line));
                    lexTag(BLOCK_END, TokenKind.BLOCK_END);
                }
            }
        }
        // Jinja2's stream closes with an EOF token on the line of the last real token
        tokens.add(new Token(TokenKind.EOF, "", tokens.isEmpty() ? 1 : tokens.get(tokens.size() - 1).line()));
    }

    /**
     * The text before a tag, after whitespace control: {@code -} strips all whitespace before the
     * tag; otherwise, for block and comment tags, lstrip_blocks removes spaces and tabs between
     * the start of the line and the tag ({@code +} turns that off).
     */
    private void emitLeadingText(String text, String sign, boolean lstripApplies) {
        int strippedNewlines = 0;
        if (sign.equals("-")) {
            String stripped = PyStrings.strip(text, null, false, true);
            strippedNewlines = count(text.substring(stripped.length()));
            text = stripped;
        } else if (!sign.equals("+") && lstripApplies) {
            int lineStart = text.lastIndexOf('\n') + 1;
            if ((lineStart > 0 || lineStarting) && lineStart < text.length()
                    && text.substring(lineStart).codePoints().allMatch(PyStrings::isWhitespace)) {
                text = text.substring(0, lineStart);
            }
        }
        emitData(text);
        line += strippedNewlines;
    }

    private void emitData(String text) {
        if (!text.isEmpty()) {
            tokens.add(new Token(TokenKind.DATA, text, line));
            line += count(text);
        }
    }

    private void lexComment() {
        Matcher m = closing(COMMENT_END, "Missing end of comment tag");
        if (m != null) {
            line += count(m.group());
            lineStarting = m.group().endsWith("\n");
            pos = m.end();
        }
    }

    private void lexRaw() {
        Matcher m = closing(RAW_END, "Missing end of raw directive");
        if (m != null) {
            emitLeadingText(m.group(1), m.group(2), true);
            line += count(m.group().substring(m.group(1).length()));
            lineStarting = m.group().endsWith("\n");
            pos = m.end();
        }
    }

    /**
     * The end of a comment or raw block. Missing is an error, except right at the end of the
     * source, where Jinja2's lexer simply stops.
     */
    private Matcher closing(Pattern end, String missingMessage) {
        Matcher m = end.matcher(source).region(pos, source.length());
        if (m.lookingAt()) {
            return m;
        }
        if (pos < source.length()) {
            throw new JinjaError(JinjaError.Kind.TEMPLATE_SYNTAX, missingMessage, line);
        }
        return null;
    }

    /** Tokens inside {@code {{ }}} or {@code {% %}} up to the closing tag, which only counts outside brackets. */
    private void lexTag(Pattern end, TokenKind endKind) {
        while (true) {
            if (pos >= source.length()) {
                return;
            }
            Matcher m;
            if (brackets.isEmpty() && (m = at(end)) != null) {
                tokens.add(new Token(endKind, m.group(), line));
                advance(m);
                return;
            }
            if ((m = at(WHITESPACE)) != null) {
                advance(m);
            } else if ((m = at(FLOAT)) != null) {
                tokens.add(new Token(TokenKind.FLOAT, Double.parseDouble(m.group().replace("_", "")), line));
                advance(m);
            } else if ((m = at(INTEGER)) != null) {
                tokens.add(new Token(TokenKind.INTEGER, parseInteger(m.group().replace("_", "")), line));
                advance(m);
            } else if ((m = at(NAME)) != null) {
                tokens.add(new Token(TokenKind.NAME, m.group(), line));
                advance(m);
            } else if ((m = at(STRING)) != null) {
                String body = m.group().substring(1, m.group().length() - 1);
                try {
                    tokens.add(new Token(TokenKind.STRING, StringEscapes.decode(body), line));
                } catch (IllegalArgumentException e) {
                    throw new JinjaError(JinjaError.Kind.TEMPLATE_SYNTAX, e.getMessage(), line);
                }
                advance(m);
            } else if ((m = at(OPERATOR)) != null) {
                balance(m.group());
                tokens.add(new Token(TokenKind.operator(m.group()), m.group(), line));
                advance(m);
            } else {
                throw new JinjaError(JinjaError.Kind.TEMPLATE_SYNTAX, "unexpected char "
                        + Repr.repr(source.substring(pos, pos + Character.charCount(source.codePointAt(pos))))
                        + " at " + PyStrings.cpIndex(source, pos), line);
            }
        }
    }

    private Matcher at(Pattern pattern) {
        Matcher m = pattern.matcher(source).region(pos, source.length()).useTransparentBounds(true);
        return m.lookingAt() ? m : null;
    }

    private void advance(Matcher m) {
        line += count(m.group());
        lineStarting = m.group().endsWith("\n");
        pos = m.end();
    }

    /** Tracks (, [ and { so that a }} or %} inside brackets is read as operators, as Jinja2 does. */
    private void balance(String operator) {
        switch (operator) {
            case "(" -> brackets.push(')');
            case "[" -> brackets.push(']');
            case "{" -> brackets.push('}');
            case ")", "]", "}" -> {
                if (brackets.isEmpty()) {
                    throw new JinjaError(JinjaError.Kind.TEMPLATE_SYNTAX, "unexpected '" + operator + "'", line);
                }
                char expected = brackets.pop();
                if (expected != operator.charAt(0)) {
                    throw new JinjaError(JinjaError.Kind.TEMPLATE_SYNTAX, "unexpected '" + operator
                            + "', expected '" + expected + "'", line);
                }
            }
            default -> {
            }
        }
    }

    /** Python's {@code int(text, 0)} for the literal forms the lexer accepts. */
    private static Object parseInteger(String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        BigInteger value;
        if (lower.startsWith("0b")) {
            value = new BigInteger(text.substring(2), 2);
        } else if (lower.startsWith("0o")) {
            value = new BigInteger(text.substring(2), 8);
        } else if (lower.startsWith("0x")) {
            value = new BigInteger(text.substring(2), 16);
        } else {
            value = new BigInteger(text);
        }
        return Values.integer(value);
    }

    private static int count(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
