package dev.cpotoolkit.data.chat.jinja;

import java.util.List;

/**
 * Statement nodes of a parsed template: text, printed expressions and the block tags. Nodes are
 * immutable data; {@link Renderer} executes them.
 */
sealed interface Stmt {

    /** The template line the statement starts on. */
    int line();

    /** Literal template text, already whitespace-controlled. */
    record Data(String text, int line) implements Stmt {
    }

    /** {@code {{ expr }}} or {@code {% print expr %}}. */
    record Print(Expr expr, int line) implements Stmt {
    }

    /** {@code if} with its {@code elif} branches (tests and bodies pair up) and the {@code else} body. */
    record If(List<Expr> tests, List<List<Stmt>> bodies, List<Stmt> otherwise, int line) implements Stmt {
    }

    /**
     * {@code for target in iterable if filter [recursive]}, with the {@code else} body run when
     * nothing was iterated; a recursive loop can render itself again with {@code loop(items)}.
     */
    record For(Expr target, Expr iterable, Expr filter, boolean recursive, List<Stmt> body, List<Stmt> otherwise,
               int line) implements Stmt {
    }

    /** {@code {% set target = value %}}. */
    record Assign(Expr target, Expr value, int line) implements Stmt {
    }

    /** {@code {% set target | filter %}body{% endset %}}; the filter may be null. */
    record AssignBlock(Expr target, Expr.Filter filter, List<Stmt> body, int line) implements Stmt {
    }

    /**
     * A macro (or the anonymous caller of a call block), with what its body refers to among the
     * special names {@code caller}, {@code varargs} and {@code kwargs}, which decide what calls it accepts.
     */
    record MacroDef(String name, List<String> parameters, List<Expr> defaults, List<Stmt> body,
                    boolean usesCaller, boolean usesVarargs, boolean usesKwargs, int line) implements Stmt {
    }

    /** {@code {% call(params) macro(args) %}body{% endcall %}}: the body becomes {@code caller()}. */
    record CallBlock(Expr.Call call, MacroDef caller, int line) implements Stmt {
    }

    /** {@code {% filter f %}body{% endfilter %}}. */
    record FilterBlock(Expr.Filter filter, List<Stmt> body, int line) implements Stmt {
    }

    /** {@code {% with a = x, b = y %}body{% endwith %}}. */
    record With(List<Expr> targets, List<Expr> values, List<Stmt> body, int line) implements Stmt {
    }

    /** {@code {% break %}} or {@code {% continue %}}. */
    record LoopControl(boolean isBreak, int line) implements Stmt {
    }

    /** transformers' {@code {% generation %}body{% endgeneration %}}, which just renders its body. */
    record Generation(List<Stmt> body, int line) implements Stmt {
    }
}
