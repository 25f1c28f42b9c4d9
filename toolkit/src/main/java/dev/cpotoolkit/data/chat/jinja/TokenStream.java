package dev.cpotoolkit.data.chat.jinja;

import java.util.List;

/** The parser's view of the tokens: the current one, a peek at the next, and expectations with Jinja2's messages. */
final class TokenStream {

    private final List<Token> tokens;
    private int index;

    TokenStream(List<Token> tokens) {
        this.tokens = tokens;
    }

    Token current() {
        return tokens.get(index);
    }

    /** The token after the current one. */
    Token look() {
        return tokens.get(Math.min(index + 1, tokens.size() - 1));
    }

    /** Moves on and returns the token that was current. */
    Token next() {
        Token token = tokens.get(index);
        if (index < tokens.size() - 1) {
            index++;
        }
        return token;
    }

    boolean atEof() {
        return current().kind() == TokenKind.EOF;
    }

    boolean skipIf(TokenKind kind) {
        if (current().kind() == kind) {
            next();
            return true;
        }
        return false;
    }

    boolean skipIfName(String name) {
        if (current().isName(name)) {
            next();
            return true;
        }
        return false;
    }

    Token expect(TokenKind kind) {
        if (current().kind() != kind) {
            throw expected(kind.description());
        }
        return next();
    }

    Token expectName(String name) {
        if (!current().isName(name)) {
            throw expected(name);
        }
        return next();
    }

    private JinjaError expected(String what) {
        if (atEof()) {
            return new JinjaError(JinjaError.Kind.TEMPLATE_SYNTAX, "unexpected end of template, expected "
                    + Repr.repr(what) + ".", current().line());
        }
        return new JinjaError(JinjaError.Kind.TEMPLATE_SYNTAX, "expected token " + Repr.repr(what) + ", got "
                + Repr.repr(current().describe()), current().line());
    }
}
