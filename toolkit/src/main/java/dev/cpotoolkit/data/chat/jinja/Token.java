package dev.cpotoolkit.data.chat.jinja;

import java.util.List;

/**
 * One lexer token: its kind, its value (text for data and names, the decoded string, a Long,
 * BigInteger or Double for numbers) and the line it starts on.
 */
record Token(TokenKind kind, Object value, int line) {

    /** Whether this is the name token {@code name} (Jinja2's {@code "name:if"} test). */
    boolean isName(String name) {
        return kind == TokenKind.NAME && value.equals(name);
    }

    /** Whether this is one of the name tokens listed as {@code "name:endfor"}-style expressions. */
    boolean matchesAny(List<String> nameExpressions) {
        for (String expr : nameExpressions) {
            if (isName(expr.substring("name:".length()))) {
                return true;
            }
        }
        return false;
    }

    /** Jinja2's {@code describe_token}: the name itself for names, else the kind's description. */
    String describe() {
        return kind == TokenKind.NAME ? (String) value : kind.description();
    }
}
