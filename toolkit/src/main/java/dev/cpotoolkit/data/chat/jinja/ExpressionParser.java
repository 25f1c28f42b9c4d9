package dev.cpotoolkit.data.chat.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Parses expressions, following Jinja2's parser rule for rule: its precedence (filters and tests
 * bind tighter than arithmetic, {@code ~} tighter than {@code +}, {@code **} groups to the left,
 * {@code not} looser than comparisons), its tuple rules and its error messages.
 */
final class ExpressionParser {

    private static final Set<String> COMPARE = Set.of("eq", "ne", "lt", "lteq", "gt", "gteq");

    private final TokenStream stream;

    ExpressionParser(TokenStream stream) {
        this.stream = stream;
    }

    Expr parseExpression(boolean withCondExpr) {
        return withCondExpr ? parseCondExpr() : parseOr();
    }

    private Expr parseCondExpr() {
        int line = stream.current().line();
        Expr expr = parseOr();
        while (stream.skipIfName("if")) {
            Expr test = parseOr();
            Expr otherwise = stream.skipIfName("else") ? parseCondExpr() : null;
            expr = new Expr.Conditional(test, expr, otherwise, line);
            line = stream.current().line();
        }
        return expr;
    }

    private Expr parseOr() {
        return parseLogical(this::parseAnd, "or", false);
    }

    private Expr parseAnd() {
        return parseLogical(this::parseNot, "and", true);
    }

    /** A left-associative chain of {@code and} or {@code or}. */
    private Expr parseLogical(Supplier<Expr> operand, String keyword, boolean isAnd) {
        int line = stream.current().line();
        Expr left = operand.get();
        while (stream.skipIfName(keyword)) {
            left = new Expr.Logical(isAnd, left, operand.get(), line);
            line = stream.current().line();
        }
        return left;
    }

    private Expr parseNot() {
        if (stream.current().isName("not")) {
            int line = stream.next().line();
            return new Expr.Unary("not", parseNot(), line);
        }
        return parseCompare();
    }

    private Expr parseCompare() {
        int line = stream.current().line();
        Expr expr = parseMath1();
        List<Expr.Operand> ops = new ArrayList<>();
        while (true) {
            TokenKind kind = stream.current().kind();
            if (COMPARE.contains(kind.pythonName())) {
                stream.next();
                ops.add(new Expr.Operand(kind.description(), parseMath1()));
            } else if (stream.skipIfName("in")) {
                ops.add(new Expr.Operand("in", parseMath1()));
            } else if (stream.current().isName("not") && stream.look().isName("in")) {
                stream.next();
                stream.next();
                ops.add(new Expr.Operand("not in", parseMath1()));
            } else {
                break;
            }
            line = stream.current().line();
        }
        return ops.isEmpty() ? expr : new Expr.Comparison(expr, ops, line);
    }

    private Expr parseMath1() {
        return parseBinary(this::parseConcat, Set.of(TokenKind.ADD, TokenKind.SUB));
    }

    private Expr parseConcat() {
        int line = stream.current().line();
        List<Expr> parts = new ArrayList<>();
        parts.add(parseMath2());
        while (stream.current().kind() == TokenKind.TILDE) {
            stream.next();
            parts.add(parseMath2());
        }
        return parts.size() == 1 ? parts.get(0) : new Expr.Concat(parts, line);
    }

    private Expr parseMath2() {
        return parseBinary(this::parsePow, Set.of(TokenKind.MUL, TokenKind.DIV, TokenKind.FLOORDIV, TokenKind.MOD));
    }

    private Expr parsePow() {
        // Jinja2 groups ** to the left: 2 ** 3 ** 2 is 64
        return parseBinary(() -> parseUnary(true), Set.of(TokenKind.POW));
    }

    /** A left-associative chain of arithmetic operators over operands of the next precedence level. */
    private Expr parseBinary(Supplier<Expr> operand, Set<TokenKind> operators) {
        int line = stream.current().line();
        Expr left = operand.get();
        while (operators.contains(stream.current().kind())) {
            String op = stream.next().kind().description();
            left = new Expr.Binary(op, left, operand.get(), line);
            line = stream.current().line();
        }
        return left;
    }

    private Expr parseUnary(boolean withFilter) {
        TokenKind kind = stream.current().kind();
        int line = stream.current().line();
        Expr node;
        if (kind == TokenKind.SUB || kind == TokenKind.ADD) {
            stream.next();
            node = new Expr.Unary(kind.description(), parseUnary(false), line);
        } else {
            node = parsePrimary();
        }
        node = parsePostfix(node);
        if (withFilter) {
            node = parseFilterExpr(node);
        }
        return node;
    }

    Expr parsePrimary() {
        Token token = stream.current();
        switch (token.kind()) {
            case NAME -> {
                stream.next();
                String name = (String) token.value();
                return switch (name) {
                    case "true", "True" -> new Expr.Const(true, token.line());
                    case "false", "False" -> new Expr.Const(false, token.line());
                    case "none", "None" -> new Expr.Const(null, token.line());
                    default -> new Expr.Name(name, token.line());
                };
            }
            case STRING -> {
                stream.next();
                StringBuilder text = new StringBuilder((String) token.value());
                while (stream.current().kind() == TokenKind.STRING) {
                    text.append((String) stream.next().value());
                }
                return new Expr.Const(text.toString(), token.line());
            }
            case INTEGER, FLOAT -> {
                stream.next();
                return new Expr.Const(token.value(), token.line());
            }
            case LPAREN -> {
                stream.next();
                Expr node = parseTuple(false, true, null, true);
                stream.expect(TokenKind.RPAREN);
                return node;
            }
            case LBRACKET -> {
                return parseList();
            }
            case LBRACE -> {
                return parseDict();
            }
            default -> throw JinjaError.syntax("unexpected " + Repr.repr(token.describe()), token.line());
        }
    }

    /**
     * An expression, or a tuple when commas follow. {@code simplified} parses only primaries (for
     * assignment targets); {@code extraEnd} names tokens that end a tuple (like {@code in}).
     */
    Expr parseTuple(boolean simplified, boolean withCondExpr, List<String> extraEnd, boolean explicitParentheses) {
        int line = stream.current().line();
        List<Expr> items = new ArrayList<>();
        boolean isTuple = false;
        while (true) {
            if (!items.isEmpty()) {
                stream.expect(TokenKind.COMMA);
            }
            if (isTupleEnd(extraEnd)) {
                break;
            }
            items.add(simplified ? parsePrimary() : parseExpression(withCondExpr));
            if (stream.current().kind() == TokenKind.COMMA) {
                isTuple = true;
            } else {
                break;
            }
            line = stream.current().line();
        }
        if (!isTuple) {
            if (!items.isEmpty()) {
                return items.get(0);
            }
            if (!explicitParentheses) {
                throw JinjaError.syntax("Expected an expression, got " + Repr.repr(stream.current().describe()),
                        stream.current().line());
            }
        }
        return new Expr.TupleLit(items, line);
    }

    private boolean isTupleEnd(List<String> extraEnd) {
        TokenKind kind = stream.current().kind();
        if (kind == TokenKind.VARIABLE_END || kind == TokenKind.BLOCK_END || kind == TokenKind.RPAREN) {
            return true;
        }
        return extraEnd != null && stream.current().matchesAny(extraEnd);
    }

    private Expr parseList() {
        Token token = stream.expect(TokenKind.LBRACKET);
        List<Expr> items = new ArrayList<>();
        commaSeparated(TokenKind.RBRACKET, () -> items.add(parseExpression(true)));
        return new Expr.ListLit(items, token.line());
    }

    private Expr parseDict() {
        Token token = stream.expect(TokenKind.LBRACE);
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        commaSeparated(TokenKind.RBRACE, () -> {
            keys.add(parseExpression(true));
            stream.expect(TokenKind.COLON);
            values.add(parseExpression(true));
        });
        return new Expr.DictLit(keys, values, token.line());
    }

    /** Items separated by commas up to {@code close}, which is consumed; a trailing comma is allowed. */
    private void commaSeparated(TokenKind close, Runnable item) {
        boolean first = true;
        while (stream.current().kind() != close) {
            if (!first) {
                stream.expect(TokenKind.COMMA);
                if (stream.current().kind() == close) {
                    break;
                }
            }
            item.run();
            first = false;
        }
        stream.expect(close);
    }

    private Expr parsePostfix(Expr node) {
        while (true) {
            TokenKind kind = stream.current().kind();
            if (kind == TokenKind.DOT || kind == TokenKind.LBRACKET) {
                node = parseSubscript(node);
            } else if (kind == TokenKind.LPAREN) {
                node = parseCall(node);
            } else {
                return node;
            }
        }
    }

    private Expr parseFilterExpr(Expr node) {
        while (true) {
            TokenKind kind = stream.current().kind();
            if (kind == TokenKind.PIPE) {
                node = parseFilter(node, false);
            } else if (stream.current().isName("is")) {
                node = parseTest(node);
            } else if (kind == TokenKind.LPAREN) {
                node = parseCall(node);
            } else {
                return node;
            }
        }
    }

    private Expr parseSubscript(Expr node) {
        Token token = stream.next();
        if (token.kind() == TokenKind.DOT) {
            Token attribute = stream.next();
            if (attribute.kind() == TokenKind.NAME) {
                return new Expr.GetAttr(node, (String) attribute.value(), token.line());
            }
            if (attribute.kind() != TokenKind.INTEGER) {
                throw JinjaError.syntax("expected name or number", attribute.line());
            }
            return new Expr.GetItem(node, new Expr.Const(attribute.value(), attribute.line()), token.line());
        }
        List<Expr> args = new ArrayList<>();
        while (stream.current().kind() != TokenKind.RBRACKET) {
            if (!args.isEmpty()) {
                stream.expect(TokenKind.COMMA);
            }
            args.add(parseSubscribed());
        }
        stream.expect(TokenKind.RBRACKET);
        Expr key = args.size() == 1 ? args.get(0) : new Expr.TupleLit(args, token.line());
        return new Expr.GetItem(node, key, token.line());
    }

    private Expr parseSubscribed() {
        int line = stream.current().line();
        Expr start = null;
        if (stream.current().kind() == TokenKind.COLON) {
            stream.next();
        } else {
            Expr node = parseExpression(true);
            if (stream.current().kind() != TokenKind.COLON) {
                return node;
            }
            stream.next();
            start = node;
        }
        Expr stop = null;
        if (stream.current().kind() != TokenKind.COLON && stream.current().kind() != TokenKind.RBRACKET
                && stream.current().kind() != TokenKind.COMMA) {
            stop = parseExpression(true);
        }
        Expr step = null;
        if (stream.current().kind() == TokenKind.COLON) {
            stream.next();
            if (stream.current().kind() != TokenKind.RBRACKET && stream.current().kind() != TokenKind.COMMA) {
                step = parseExpression(true);
            }
        }
        return new Expr.Slice(start, stop, step, line);
    }

    private Expr.Arguments parseCallArgs() {
        Token token = stream.expect(TokenKind.LPAREN);
        List<Expr> args = new ArrayList<>();
        List<Expr.Keyword> kwargs = new ArrayList<>();
        Expr starArgs = null;
        Expr starKwargs = null;
        boolean requireComma = false;
        while (stream.current().kind() != TokenKind.RPAREN) {
            if (requireComma) {
                stream.expect(TokenKind.COMMA);
                if (stream.current().kind() == TokenKind.RPAREN) {
                    break;
                }
            }
            if (stream.current().kind() == TokenKind.MUL) {
                ensure(starArgs == null && starKwargs == null, token);
                stream.next();
                starArgs = parseExpression(true);
            } else if (stream.current().kind() == TokenKind.POW) {
                ensure(starKwargs == null, token);
                stream.next();
                starKwargs = parseExpression(true);
            } else if (stream.current().kind() == TokenKind.NAME && stream.look().kind() == TokenKind.ASSIGN) {
                ensure(starKwargs == null, token);
                String key = (String) stream.next().value();
                stream.next();
                kwargs.add(new Expr.Keyword(key, parseExpression(true)));
            } else {
                ensure(starArgs == null && starKwargs == null && kwargs.isEmpty(), token);
                args.add(parseExpression(true));
            }
            requireComma = true;
        }
        stream.expect(TokenKind.RPAREN);
        return new Expr.Arguments(args, kwargs, starArgs, starKwargs);
    }

    private void ensure(boolean condition, Token token) {
        if (!condition) {
            throw JinjaError.syntax("invalid syntax for function call expression", token.line());
        }
    }

    private Expr parseCall(Expr node) {
        int line = stream.current().line();
        return new Expr.Call(node, parseCallArgs(), line);
    }

    Expr parseFilter(Expr node, boolean startInline) {
        while (stream.current().kind() == TokenKind.PIPE || startInline) {
            if (!startInline) {
                stream.next();
            }
            Token token = stream.expect(TokenKind.NAME);
            StringBuilder name = new StringBuilder((String) token.value());
            while (stream.current().kind() == TokenKind.DOT) {
                stream.next();
                name.append('.').append((String) stream.expect(TokenKind.NAME).value());
            }
            Expr.Arguments arguments = stream.current().kind() == TokenKind.LPAREN ? parseCallArgs() : Expr.Arguments.NONE;
            node = new Expr.Filter(node, name.toString(), arguments, token.line());
            startInline = false;
        }
        return node;
    }

    private Expr parseTest(Expr node) {
        Token token = stream.next();
        boolean negated = stream.skipIfName("not");
        StringBuilder name = new StringBuilder((String) stream.expect(TokenKind.NAME).value());
        while (stream.current().kind() == TokenKind.DOT) {
            stream.next();
            name.append('.').append((String) stream.expect(TokenKind.NAME).value());
        }
        Expr.Arguments arguments;
        Token current = stream.current();
        if (current.kind() == TokenKind.LPAREN) {
            arguments = parseCallArgs();
        } else if (Set.of(TokenKind.NAME, TokenKind.STRING, TokenKind.INTEGER, TokenKind.FLOAT, TokenKind.LPAREN,
                TokenKind.LBRACKET, TokenKind.LBRACE).contains(current.kind())
                && !current.isName("else") && !current.isName("or") && !current.isName("and")) {
            if (current.isName("is")) {
                throw JinjaError.syntax("You cannot chain multiple tests with is", current.line());
            }
            Expr argument = parsePostfix(parsePrimary());
            arguments = new Expr.Arguments(List.of(argument), List.of(), null, null);
        } else {
            arguments = Expr.Arguments.NONE;
        }
        Expr test = new Expr.Test(node, name.toString(), arguments, token.line());
        return negated ? new Expr.Unary("not", test, token.line()) : test;
    }
}
