package dev.cpotoolkit.data.chat.jinja;

/** The kinds of token the lexer produces, with Jinja2's names and descriptions for error messages. */
enum TokenKind {
    DATA("data", "template data / text"),
    VARIABLE_BEGIN("variable_begin", "begin of print statement"),
    VARIABLE_END("variable_end", "end of print statement"),
    BLOCK_BEGIN("block_begin", "begin of statement block"),
    BLOCK_END("block_end", "end of statement block"),
    NAME("name", "name"),
    STRING("string", "string"),
    INTEGER("integer", "integer"),
    FLOAT("float", "float"),
    ADD("add", "+"),
    SUB("sub", "-"),
    DIV("div", "/"),
    FLOORDIV("floordiv", "//"),
    MUL("mul", "*"),
    MOD("mod", "%"),
    POW("pow", "**"),
    TILDE("tilde", "~"),
    LBRACKET("lbracket", "["),
    RBRACKET("rbracket", "]"),
    LPAREN("lparen", "("),
    RPAREN("rparen", ")"),
    LBRACE("lbrace", "{"),
    RBRACE("rbrace", "}"),
    EQ("eq", "=="),
    NE("ne", "!="),
    GT("gt", ">"),
    GTEQ("gteq", ">="),
    LT("lt", "<"),
    LTEQ("lteq", "<="),
    ASSIGN("assign", "="),
    DOT("dot", "."),
    COLON("colon", ":"),
    PIPE("pipe", "|"),
    COMMA("comma", ","),
    SEMICOLON("semicolon", ";"),
    EOF("eof", "end of template");

    private final String pythonName;
    private final String description;

    TokenKind(String pythonName, String description) {
        this.pythonName = pythonName;
        this.description = description;
    }

    /** Jinja2's token type name, e.g. {@code "block_end"}. */
    String pythonName() {
        return pythonName;
    }

    /** How Jinja2's error messages describe the token, e.g. {@code "end of statement block"}. */
    String description() {
        return description;
    }

    /** The operator token for an operator's text, or null. */
    static TokenKind operator(String text) {
        for (TokenKind kind : values()) {
            if (kind.ordinal() >= ADD.ordinal() && kind.ordinal() <= SEMICOLON.ordinal() && kind.description.equals(text)) {
                return kind;
            }
        }
        return null;
    }
}
