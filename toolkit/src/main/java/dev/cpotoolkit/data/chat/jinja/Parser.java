package dev.cpotoolkit.data.chat.jinja;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Builds the statement and expression tree from tokens, following Jinja2's parser rule for rule:
 * its operator precedence (filters bind tighter than arithmetic, {@code ~} tighter than {@code +},
 * {@code **} groups to the left), its tuple rules and its error messages.
 */
final class Parser {

    private static final Set<String> COMPARE = Set.of("eq", "ne", "lt", "lteq", "gt", "gteq");
    private static final Set<String> UNSUPPORTED_TAGS = Set.of("block", "extends", "include", "import", "from",
            "autoescape");

    private final TokenStream stream;
    private final List<String> tagStack = new ArrayList<>();
    private final List<List<String>> endTokenStack = new ArrayList<>();
    /** Whether a break or continue here would be inside a for loop of the same (macro) body. */
    private boolean inLoop;

    private Parser(List<Token> tokens) {
        this.stream = new TokenStream(tokens);
    }

    /**
     * Parses a whole template.
     *
     * @param source the template source
     * @return the top-level statements
     * @throws JinjaError a syntax error naming the line
     */
    static List<Stmt> parse(String source) {
        Parser parser = new Parser(Lexer.tokenize(source));
        return parser.subparse(null);
    }

    // ---- statements --------------------------------------------------------------------------

    /** Template data and tags until one of {@code endTokens} (e.g. {@code "name:endfor"}) opens a block. */
    private List<Stmt> subparse(List<String> endTokens) {
        List<Stmt> body = new ArrayList<>();
        if (endTokens != null) {
            endTokenStack.add(endTokens);
        }
        try {
            while (!stream.atEof()) {
                Token token = stream.current();
                switch (token.kind()) {
                    case DATA -> {
                        body.add(new Stmt.Data((String) token.value(), token.line()));
                        stream.next();
                    }
                    case VARIABLE_BEGIN -> {
                        stream.next();
                        body.add(new Stmt.Print(parseTuple(false, true, null, false), token.line()));
                        stream.expect(TokenKind.VARIABLE_END);
                    }
                    case BLOCK_BEGIN -> {
                        stream.next();
                        if (endTokens != null && matchesAny(stream.current(), endTokens)) {
                            return body;
                        }
                        body.addAll(parseStatement());
                        stream.expect(TokenKind.BLOCK_END);
                    }
                    default -> throw new IllegalStateException("internal parsing error");
                }
            }
        } finally {
            if (endTokens != null) {
                endTokenStack.remove(endTokenStack.size() - 1);
            }
        }
        return body;
    }

    private static boolean matchesAny(Token token, List<String> expressions) {
        for (String expr : expressions) {
            if (token.isName(expr.substring("name:".length()))) {
                return true;
            }
        }
        return false;
    }

    /** Body statements up to an end tag; the end tag's name is left as the current token unless dropped. */
    private List<Stmt> parseStatements(List<String> endTokens, boolean dropNeedle) {
        stream.skipIf(TokenKind.COLON);
        stream.expect(TokenKind.BLOCK_END);
        List<Stmt> body = subparse(endTokens);
        if (stream.atEof()) {
            failEof(endTokens, stream.current().line());
        }
        if (dropNeedle) {
            stream.next();
        }
        return body;
    }

    private List<Stmt> parseStatement() {
        Token token = stream.current();
        if (token.kind() != TokenKind.NAME) {
            throw syntax("tag name expected", token.line());
        }
        String name = (String) token.value();
        tagStack.add(name);
        boolean popTag = true;
        try {
            switch (name) {
                case "for":
                    return List.of(parseFor());
                case "if":
                    return List.of(parseIf());
                case "set":
                    return List.of(parseSet());
                case "macro":
                    return List.of(parseMacro());
                case "call":
                    return List.of(parseCallBlock());
                case "filter":
                    return List.of(parseFilterBlock());
                case "with":
                    return List.of(parseWith());
                case "print":
                    return parsePrint();
                case "break":
                case "continue":
                    stream.next();
                    if (!inLoop) {
                        throw new JinjaError(JinjaError.Kind.SYNTAX, Repr.repr(name) + " outside loop", token.line());
                    }
                    return List.of(new Stmt.LoopControl(name.equals("break"), token.line()));
                case "generation":
                    return List.of(parseGeneration());
                default:
                    if (UNSUPPORTED_TAGS.contains(name)) {
                        throw new JinjaError(JinjaError.Kind.UNSUPPORTED, "the '" + name
                                + "' tag is not supported by this engine (chat templates have no template loader)",
                                token.line());
                    }
                    tagStack.remove(tagStack.size() - 1);
                    popTag = false;
                    failUnknownTag(name, token.line());
                    return null;
            }
        } finally {
            if (popTag) {
                tagStack.remove(tagStack.size() - 1);
            }
        }
    }

    private Stmt parseFor() {
        int line = stream.expectName("for").line();
        Expr target = parseAssignTarget(true, false, List.of("name:in"), false);
        stream.expectName("in");
        Expr iterable = parseTuple(false, false, List.of("name:recursive"), false);
        Expr filter = null;
        if (stream.skipIfName("if")) {
            filter = parseExpression(true);
        }
        boolean recursive = stream.skipIfName("recursive");
        boolean outerLoop = inLoop;
        inLoop = true;
        List<Stmt> body = parseStatements(List.of("name:endfor", "name:else"), false);
        inLoop = outerLoop;
        List<Stmt> otherwise;
        if (stream.next().value().equals("endfor")) {
            otherwise = List.of();
        } else {
            otherwise = parseStatements(List.of("name:endfor"), true);
        }
        return new Stmt.For(target, iterable, filter, recursive, body, otherwise, line);
    }

    private Stmt parseIf() {
        int line = stream.expectName("if").line();
        List<Expr> tests = new ArrayList<>();
        List<List<Stmt>> bodies = new ArrayList<>();
        List<Stmt> otherwise = List.of();
        while (true) {
            tests.add(parseTuple(false, false, null, false));
            bodies.add(parseStatements(List.of("name:elif", "name:else", "name:endif"), false));
            Token token = stream.next();
            if (token.isName("elif")) {
                continue;
            }
            if (token.isName("else")) {
                otherwise = parseStatements(List.of("name:endif"), true);
            }
            break;
        }
        return new Stmt.If(tests, bodies, otherwise, line);
    }

    private Stmt parseSet() {
        int line = stream.next().line();
        Expr target = parseAssignTarget(true, false, null, true);
        if (stream.skipIf(TokenKind.ASSIGN)) {
            return new Stmt.Assign(target, parseTuple(false, true, null, false), line);
        }
        Expr.Filter filter = (Expr.Filter) parseFilter(null, false);
        List<Stmt> body = parseStatements(List.of("name:endset"), true);
        return new Stmt.AssignBlock(target, filter, body, line);
    }

    private Stmt parseWith() {
        int line = stream.next().line();
        List<Expr> targets = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (stream.current().kind() != TokenKind.BLOCK_END) {
            if (!targets.isEmpty()) {
                stream.expect(TokenKind.COMMA);
            }
            targets.add(parseAssignTarget(true, false, null, false));
            stream.expect(TokenKind.ASSIGN);
            values.add(parseExpression(true));
        }
        List<Stmt> body = parseStatements(List.of("name:endwith"), true);
        return new Stmt.With(targets, values, body, line);
    }

    /** {@code {% print a, b %}} prints each expression in turn. */
    private List<Stmt> parsePrint() {
        int line = stream.next().line();
        List<Stmt> prints = new ArrayList<>();
        while (stream.current().kind() != TokenKind.BLOCK_END) {
            if (!prints.isEmpty()) {
                stream.expect(TokenKind.COMMA);
            }
            prints.add(new Stmt.Print(parseExpression(true), line));
        }
        return prints;
    }

    private Stmt parseGeneration() {
        int line = stream.next().line();
        boolean outerLoop = inLoop;
        inLoop = false; // the body becomes a caller function in Jinja2
        List<Stmt> body = parseStatements(List.of("name:endgeneration"), true);
        inLoop = outerLoop;
        return new Stmt.Generation(body, line);
    }

    private Stmt parseMacro() {
        int line = stream.next().line();
        String name = (String) parseAssignTargetRaw(true, true, null, false);
        List<String> parameters = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        parseSignature(parameters, defaults);
        return macroBody(name, parameters, defaults, List.of("name:endmacro"), line);
    }

    private Stmt.MacroDef macroBody(String name, List<String> parameters, List<Expr> defaults, List<String> end, int line) {
        boolean outerLoop = inLoop;
        inLoop = false;
        List<Stmt> body = parseStatements(end, true);
        inLoop = outerLoop;
        Set<String> used = SpecialNames.find(body);
        return new Stmt.MacroDef(name, parameters, defaults, body, used.contains("caller"), used.contains("varargs"),
                used.contains("kwargs"), line);
    }

    private void parseSignature(List<String> parameters, List<Expr> defaults) {
        stream.expect(TokenKind.LPAREN);
        while (stream.current().kind() != TokenKind.RPAREN) {
            if (!parameters.isEmpty()) {
                stream.expect(TokenKind.COMMA);
            }
            String parameter = (String) stream.expect(TokenKind.NAME).value();
            if (stream.skipIf(TokenKind.ASSIGN)) {
                defaults.add(parseExpression(true));
            } else if (!defaults.isEmpty()) {
                throw syntax("non-default argument follows default argument", stream.current().line());
            }
            parameters.add(parameter);
        }
        stream.expect(TokenKind.RPAREN);
    }

    private Stmt parseCallBlock() {
        int line = stream.next().line();
        List<String> parameters = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        if (stream.current().kind() == TokenKind.LPAREN) {
            parseSignature(parameters, defaults);
        }
        Expr call = parseExpression(true);
        if (!(call instanceof Expr.Call callNode)) {
            throw syntax("expected call", line);
        }
        Stmt.MacroDef caller = macroBody("caller", parameters, defaults, List.of("name:endcall"), line);
        return new Stmt.CallBlock(callNode, caller, line);
    }

    private Stmt parseFilterBlock() {
        int line = stream.next().line();
        Expr.Filter filter = (Expr.Filter) parseFilter(null, true);
        List<Stmt> body = parseStatements(List.of("name:endfilter"), true);
        return new Stmt.FilterBlock(filter, body, line);
    }

    /**
     * An assignment target: a name, a tuple of names, or (for set) {@code ns.attr}. With
     * {@code nameOnly} the name string itself is returned.
     */
    private Object parseAssignTargetRaw(boolean withTuple, boolean nameOnly, List<String> extraEnd, boolean withNamespace) {
        if (withNamespace && stream.look().kind() == TokenKind.DOT) {
            Token name = stream.expect(TokenKind.NAME);
            stream.next();
            Token attribute = stream.expect(TokenKind.NAME);
            return new Expr.NamespaceRef((String) name.value(), (String) attribute.value(), name.line());
        }
        if (nameOnly) {
            return stream.expect(TokenKind.NAME).value();
        }
        Expr target = withTuple ? parseTuple(true, true, extraEnd, false) : parsePrimary();
        if (!canAssign(target)) {
            throw syntax("can't assign to " + Repr.repr(nodeName(target)), target.line());
        }
        return target;
    }

    private Expr parseAssignTarget(boolean withTuple, boolean nameOnly, List<String> extraEnd, boolean withNamespace) {
        Object target = parseAssignTargetRaw(withTuple, nameOnly, extraEnd, withNamespace);
        return target instanceof String name ? new Expr.Name(name, stream.current().line()) : (Expr) target;
    }

    private static boolean canAssign(Expr target) {
        if (target instanceof Expr.Name name) {
            return !Set.of("true", "false", "none", "True", "False", "None").contains(name.name());
        }
        if (target instanceof Expr.TupleLit tuple) {
            return tuple.items().stream().allMatch(Parser::canAssign);
        }
        return target instanceof Expr.NamespaceRef;
    }

    private static String nodeName(Expr node) {
        if (node instanceof Expr.Const) {
            return "const";
        }
        if (node instanceof Expr.TupleLit) {
            return "tuple";
        }
        String simple = node.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        return simple.equals("getattr") ? "getattr" : simple.equals("getitem") ? "getitem" : simple;
    }

    // ---- expressions -------------------------------------------------------------------------

    private Expr parseExpression(boolean withCondExpr) {
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

    private Expr parsePrimary() {
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
            default -> throw syntax("unexpected " + Repr.repr(token.describe()), token.line());
        }
    }

    /**
     * An expression, or a tuple when commas follow. {@code simplified} parses only primaries (for
     * assignment targets); {@code extraEnd} names tokens that end a tuple (like {@code in}).
     */
    private Expr parseTuple(boolean simplified, boolean withCondExpr, List<String> extraEnd, boolean explicitParentheses) {
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
                throw syntax("Expected an expression, got " + Repr.repr(stream.current().describe()),
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
        return extraEnd != null && matchesAny(stream.current(), extraEnd);
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
                throw syntax("expected name or number", attribute.line());
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
            throw syntax("invalid syntax for function call expression", token.line());
        }
    }

    private Expr parseCall(Expr node) {
        int line = stream.current().line();
        return new Expr.Call(node, parseCallArgs(), line);
    }

    private Expr parseFilter(Expr node, boolean startInline) {
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
                throw syntax("You cannot chain multiple tests with is", current.line());
            }
            Expr argument = parsePostfix(parsePrimary());
            arguments = new Expr.Arguments(List.of(argument), List.of(), null, null);
        } else {
            arguments = Expr.Arguments.NONE;
        }
        Expr test = new Expr.Test(node, name.toString(), arguments, token.line());
        return negated ? new Expr.Unary("not", test, token.line()) : test;
    }

    // ---- errors ------------------------------------------------------------------------------

    private static JinjaError syntax(String message, int line) {
        return new JinjaError(JinjaError.Kind.TEMPLATE_SYNTAX, message, line);
    }

    private void failUnknownTag(String name, int line) {
        failWith(name, endTokenStack, line);
    }

    private void failEof(List<String> endTokens, int line) {
        List<List<String>> stack = new ArrayList<>(endTokenStack);
        if (endTokens != null) {
            stack.add(endTokens);
        }
        failWith(null, stack, line);
    }

    /** Jinja2's {@code _fail_ut_eof}: explains which end tags it was waiting for. */
    private void failWith(String name, List<List<String>> stack, int line) {
        Set<String> expected = new HashSet<>();
        for (List<String> exprs : stack) {
            exprs.forEach(expr -> expected.add(describe(expr)));
        }
        String currentlyLooking = null;
        if (!stack.isEmpty()) {
            List<String> quoted = new ArrayList<>();
            stack.get(stack.size() - 1).forEach(expr -> quoted.add(Repr.repr(describe(expr))));
            currentlyLooking = String.join(" or ", quoted);
        }
        List<String> message = new ArrayList<>();
        message.add(name == null ? "Unexpected end of template." : "Encountered unknown tag " + Repr.repr(name) + ".");
        if (currentlyLooking != null) {
            if (name != null && expected.contains(name)) {
                message.add("You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for "
                        + currentlyLooking + ".");
            } else {
                message.add("Jinja was looking for the following tags: " + currentlyLooking + ".");
            }
        }
        if (!tagStack.isEmpty()) {
            message.add("The innermost block that needs to be closed is " + Repr.repr(tagStack.get(tagStack.size() - 1)) + ".");
        }
        throw syntax(String.join(" ", message), line);
    }

    private static String describe(String expr) {
        return expr.startsWith("name:") ? expr.substring(5) : expr;
    }
}
