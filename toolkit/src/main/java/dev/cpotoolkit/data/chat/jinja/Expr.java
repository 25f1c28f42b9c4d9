package dev.cpotoolkit.data.chat.jinja;

import java.util.List;

/**
 * Expression nodes of a parsed template, one record per Jinja2 expression form. Nodes are
 * immutable data; {@link Evaluator} gives them meaning. Every node knows its source line, for
 * error messages.
 */
sealed interface Expr {

    /** The template line the expression starts on. */
    int line();

    /** A literal: string, int, float, bool or None. */
    record Const(Object value, int line) implements Expr {
    }

    /** A variable reference. */
    record Name(String name, int line) implements Expr {
    }

    /** {@code (a, b)} or a bare {@code a, b}. */
    record TupleLit(List<Expr> items, int line) implements Expr {
    }

    /** {@code [a, b]}. */
    record ListLit(List<Expr> items, int line) implements Expr {
    }

    /** {@code {k: v, ...}}. */
    record DictLit(List<Expr> keys, List<Expr> values, int line) implements Expr {
    }

    /** {@code target.name}. */
    record GetAttr(Expr target, String name, int line) implements Expr {
    }

    /** {@code target[key]}; the key may be a {@link Slice}. */
    record GetItem(Expr target, Expr key, int line) implements Expr {
    }

    /** {@code start:stop:step} inside brackets; absent parts are null. */
    record Slice(Expr start, Expr stop, Expr step, int line) implements Expr {
    }

    /** A keyword argument {@code name=value}. */
    record Keyword(String name, Expr value) {
    }

    /** The arguments of a call, filter or test: positional, keyword, {@code *args} and {@code **kwargs}. */
    record Arguments(List<Expr> positional, List<Keyword> keywords, Expr starArgs, Expr starKwargs) {
        static final Arguments NONE = new Arguments(List.of(), List.of(), null, null);
    }

    /** {@code callee(arguments)}. */
    record Call(Expr callee, Arguments arguments, int line) implements Expr {
    }

    /** {@code value | name(arguments)}; the value is null for the filter of a filter block. */
    record Filter(Expr value, String name, Arguments arguments, int line) implements Expr {
    }

    /** {@code value is name(arguments)}. */
    record Test(Expr value, String name, Arguments arguments, int line) implements Expr {
    }

    /** {@code -x}, {@code +x} or {@code not x}. */
    record Unary(String operator, Expr operand, int line) implements Expr {
    }

    /** An arithmetic operator: {@code + - * / // % **}. */
    record Binary(String operator, Expr left, Expr right, int line) implements Expr {
    }

    /** {@code left and right} / {@code left or right}, returning an operand as Python does. */
    record Logical(boolean isAnd, Expr left, Expr right, int line) implements Expr {
    }

    /** {@code a ~ b ~ c}: string concatenation of everything. */
    record Concat(List<Expr> parts, int line) implements Expr {
    }

    /** One step of a comparison chain: the operator and its right operand. */
    record Operand(String operator, Expr expr) {
    }

    /** {@code a < b <= c}, {@code a in b}, {@code a == b}, chained as in Python. */
    record Comparison(Expr first, List<Operand> rest, int line) implements Expr {
    }

    /** {@code then if test else otherwise}; without else, false gives undefined. */
    record Conditional(Expr test, Expr then, Expr otherwise, int line) implements Expr {
    }

    /** The {@code ns.attr} target of {@code {% set ns.attr = value %}}. */
    record NamespaceRef(String name, String attribute, int line) implements Expr {
    }
}
