package dev.cpotoolkit.data.chat.jinja;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the statement tree from tokens, following Jinja2's parser rule for rule (the tags, their
 * end tags, assignment targets, and Jinja2's messages for unknown or unclosed tags); expressions
 * are the {@link ExpressionParser}'s.
 */
final class Parser {

    private static final Set<String> UNSUPPORTED_TAGS = Set.of("block", "extends", "include", "import", "from",
            "autoescape");

    private final TokenStream stream;
    private final ExpressionParser expressions;
    private final List<String> tagStack = new ArrayList<>();
    private final List<List<String>> endTokenStack = new ArrayList<>();
    /** Whether a break or continue here would be inside a for loop of the same (macro) body. */
    private boolean inLoop;

    private Parser(List<Token> tokens) {
        this.stream = new TokenStream(tokens);
        this.expressions = new ExpressionParser(stream);
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
                        body.add(new Stmt.Print(expressions.parseTuple(false, true, null, false), token.line()));
                        stream.expect(TokenKind.VARIABLE_END);
                    }
                    case BLOCK_BEGIN -> {
                        stream.next();
                        if (endTokens != null && stream.current().matchesAny(endTokens)) {
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
            throw JinjaError.syntax("tag name expected", token.line());
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
        Expr iterable = expressions.parseTuple(false, false, List.of("name:recursive"), false);
        Expr filter = null;
        if (stream.skipIfName("if")) {
            filter = expressions.parseExpression(true);
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
            tests.add(expressions.parseTuple(false, false, null, false));
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
            return new Stmt.Assign(target, expressions.parseTuple(false, true, null, false), line);
        }
        Expr.Filter filter = (Expr.Filter) expressions.parseFilter(null, false);
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
            values.add(expressions.parseExpression(true));
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
            prints.add(new Stmt.Print(expressions.parseExpression(true), line));
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
                defaults.add(expressions.parseExpression(true));
            } else if (!defaults.isEmpty()) {
                throw JinjaError.syntax("non-default argument follows default argument", stream.current().line());
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
        Expr call = expressions.parseExpression(true);
        if (!(call instanceof Expr.Call callNode)) {
            throw JinjaError.syntax("expected call", line);
        }
        Stmt.MacroDef caller = macroBody("caller", parameters, defaults, List.of("name:endcall"), line);
        return new Stmt.CallBlock(callNode, caller, line);
    }

    private Stmt parseFilterBlock() {
        int line = stream.next().line();
        Expr.Filter filter = (Expr.Filter) expressions.parseFilter(null, true);
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
        Expr target = withTuple ? expressions.parseTuple(true, true, extraEnd, false) : expressions.parsePrimary();
        if (!canAssign(target)) {
            throw JinjaError.syntax("can't assign to " + Repr.repr(nodeName(target)), target.line());
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

    // ---- errors ------------------------------------------------------------------------------

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
        throw JinjaError.syntax(String.join(" ", message), line);
    }

    private static String describe(String expr) {
        return expr.startsWith("name:") ? expr.substring(5) : expr;
    }
}
