package dev.cpotoolkit.data.chat.jinja;

/**
 * An error raised while parsing or rendering a template, named after the Python exception that
 * Jinja2 (inside transformers) raises in the same situation, so a failure here can be compared
 * with the Python one.
 *
 * <p>{@link #detail()} is the message Python would print (for {@code raise_exception} exactly the
 * template's own words); {@link #getMessage()} adds the template line where it is known.
 */
public final class JinjaError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The Python exception type a failure corresponds to. */
    public enum Kind {
        /** The template source is not valid Jinja. */
        TEMPLATE_SYNTAX("TemplateSyntaxError"),
        /** The template uses an unknown filter or test, found when it is parsed. */
        TEMPLATE_ASSERTION("TemplateAssertionError"),
        /** An undefined value was used in a way that needs a value. */
        UNDEFINED("UndefinedError"),
        /** The sandbox refused an attribute, e.g. a method that would change a list. */
        SECURITY("SecurityError"),
        /** Other template-level runtime failures, e.g. assigning to a non-namespace attribute. */
        TEMPLATE_RUNTIME("TemplateRuntimeError"),
        /** The template called {@code raise_exception(message)}. */
        RAISED("TemplateError"),
        /** A filter was given arguments it cannot work with. */
        FILTER_ARGUMENT("FilterArgumentError"),
        /** Python's {@code TypeError}: an operation on values of the wrong type. */
        TYPE("TypeError"),
        /** Python's {@code ValueError}. */
        VALUE("ValueError"),
        /** Python's {@code ZeroDivisionError}. */
        ZERO_DIVISION("ZeroDivisionError"),
        /** Python's {@code OverflowError}, e.g. a sandboxed {@code range} that is too long. */
        OVERFLOW("OverflowError"),
        /** Python's {@code IndexError}, e.g. popping from an empty list. */
        INDEX("IndexError"),
        /** Python's {@code KeyError}. */
        KEY("KeyError"),
        /** Python's {@code AttributeError}, e.g. {@code dictsort} on a list. */
        ATTRIBUTE("AttributeError"),
        /** Python's {@code AssertionError}, which a few Jinja2 filters use to check arguments. */
        ASSERTION("AssertionError"),
        /** Python's {@code RuntimeError}, e.g. a {@code cycler()} without items. */
        RUNTIME("RuntimeError"),
        /** Python's {@code SyntaxError}, which Jinja2 raises for {@code break} outside a loop. */
        SYNTAX("SyntaxError"),
        /** A Jinja2 feature this engine deliberately leaves out; Python would not fail here. */
        UNSUPPORTED("NotSupportedHere");

        private final String pythonName;

        Kind(String pythonName) {
            this.pythonName = pythonName;
        }

        /**
         * The Python exception class name.
         *
         * @return e.g. {@code "UndefinedError"}
         */
        public String pythonName() {
            return pythonName;
        }
    }

    private final Kind kind;
    private final String detail;
    private final int line;

    /**
     * Creates the error.
     *
     * @param kind   what failed
     * @param detail the message Python would give
     * @param line   the template line, or 0 when unknown
     */
    public JinjaError(Kind kind, String detail, int line) {
        super(line > 0 ? kind.pythonName() + ": " + detail + " (template line " + line + ")"
                : kind.pythonName() + ": " + detail);
        this.kind = kind;
        this.detail = detail;
        this.line = line;
    }

    /**
     * Creates an error whose line is filled in later by the statement that was running.
     *
     * @param kind   what failed
     * @param detail the message Python would give
     */
    public JinjaError(Kind kind, String detail) {
        this(kind, detail, 0);
    }

    /**
     * What failed, as a Python exception type.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The message without location, as Python's {@code str(exception)}.
     *
     * @return the detail
     */
    public String detail() {
        return detail;
    }

    /**
     * The template line (1-based) where the failure happened.
     *
     * @return the line, or 0 when unknown
     */
    public int line() {
        return line;
    }

    /**
     * This error with a line attached, unless it already has one.
     *
     * @param atLine the line of the statement being rendered
     * @return this error, or a copy that names the line
     */
    JinjaError atLine(int atLine) {
        if (line > 0 || atLine <= 0) {
            return this;
        }
        JinjaError located = new JinjaError(kind, detail, atLine);
        located.setStackTrace(getStackTrace());
        return located;
    }

    static JinjaError syntax(String detail, int line) {
        return new JinjaError(Kind.TEMPLATE_SYNTAX, detail, line);
    }

    static JinjaError type(String detail) {
        return new JinjaError(Kind.TYPE, detail);
    }

    static JinjaError value(String detail) {
        return new JinjaError(Kind.VALUE, detail);
    }
}
