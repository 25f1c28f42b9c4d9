package dev.cpotoolkit.data.chat.jinja;

/**
 * Jinja2's default {@code Undefined}: what a missing variable, dict key or attribute evaluates to.
 * It prints as the empty string, iterates as empty, has length 0 and is false; anything else
 * (arithmetic, attribute access, calling it) raises the error it was created with.
 */
public final class Undefined {

    private final String message;
    private final JinjaError.Kind failure;

    private Undefined(String message, JinjaError.Kind failure) {
        this.message = message;
        this.failure = failure;
    }

    /**
     * A variable that does not exist: {@code 'name' is undefined}.
     *
     * @param name the variable name
     * @return the undefined value
     */
    static Undefined variable(String name) {
        return new Undefined(Repr.repr(name) + " is undefined", JinjaError.Kind.UNDEFINED);
    }

    /**
     * A missing attribute or key of a value, worded as Jinja2 words it.
     *
     * @param owner the value that lacks it
     * @param name  the attribute name (a string) or item key (anything else)
     * @return the undefined value
     */
    static Undefined member(Object owner, Object name) {
        String ownerType = objectTypeRepr(owner);
        if (name instanceof String) {
            return new Undefined(Repr.repr(ownerType) + " has no attribute " + Repr.repr(name),
                    JinjaError.Kind.UNDEFINED);
        }
        return new Undefined(ownerType + " has no element " + Repr.repr(name), JinjaError.Kind.UNDEFINED);
    }

    /**
     * An undefined value with a free-form explanation.
     *
     * @param hint the message raised when it is used
     * @return the undefined value
     */
    static Undefined hint(String hint) {
        return new Undefined(hint, JinjaError.Kind.UNDEFINED);
    }

    /**
     * What the sandbox returns for an attribute it refuses: using it raises a security error.
     *
     * @param owner     the value
     * @param attribute the refused attribute
     * @return the undefined value
     */
    static Undefined unsafe(Object owner, String attribute) {
        return new Undefined("access to attribute " + Repr.repr(attribute) + " of "
                + Repr.repr(Values.typeName(owner)) + " object is unsafe.", JinjaError.Kind.SECURITY);
    }

    /**
     * The error raised when this value is used.
     *
     * @return the error, without a line
     */
    JinjaError error() {
        return new JinjaError(failure, message);
    }

    /** Jinja2's {@code object_type_repr}: how an undefined value's owner is named in messages. */
    private static String objectTypeRepr(Object owner) {
        if (owner == null) {
            return "None";
        }
        if (owner instanceof Namespace) {
            return "jinja2.utils.Namespace object";
        }
        if (owner instanceof LoopContext) {
            return "jinja2.runtime.LoopContext object";
        }
        return Values.typeName(owner) + " object";
    }

    @Override
    public String toString() {
        return "";
    }
}
