package dev.cpotoolkit.data.chat.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates expression nodes with Python semantics: names resolve through the scopes, attribute
 * and item access follow the sandbox, operators follow {@link Arithmetic} and {@link Compare},
 * and {@code and}/{@code or} return one of their operands.
 */
final class Evaluator {

    private final Renderer renderer;
    private final boolean folding;

    /**
     * An evaluator.
     *
     * @param folding whether it stands in for Jinja2's compile-time constant folding, which
     *                slices through the sandbox's lenient lookup instead of plain Python slicing
     */
    Evaluator(Renderer renderer, boolean folding) {
        this.renderer = renderer;
        this.folding = folding;
    }

    /** Evaluates an expression; errors get the expression's line attached. */
    Object eval(Expr expr, Scope scope) {
        try {
            return evaluate(expr, scope);
        } catch (JinjaError e) {
            throw e.atLine(expr.line());
        }
    }

    private Object evaluate(Expr expr, Scope scope) {
        if (expr instanceof Expr.Const node) {
            return node.value();
        }
        if (expr instanceof Expr.Name node) {
            Object value = scope.lookup(node.name());
            return value == Compare.MISSING ? Undefined.variable(node.name()) : value;
        }
        if (expr instanceof Expr.GetAttr node) {
            return Attributes.getattr(eval(node.target(), scope), node.name());
        }
        if (expr instanceof Expr.GetItem node) {
            Object target = eval(node.target(), scope);
            Object key = eval(node.key(), scope);
            if (key instanceof PySlice slice && !folding) {
                return Attributes.slice(target, slice);
            }
            return Attributes.getitem(target, key);
        }
        if (expr instanceof Expr.Slice node) {
            return new PySlice(evalOrNull(node.start(), scope), evalOrNull(node.stop(), scope),
                    evalOrNull(node.step(), scope));
        }
        if (expr instanceof Expr.Call node) {
            Object callee = eval(node.callee(), scope);
            List<Object> args = new ArrayList<>();
            Map<String, Object> kwargs = new LinkedHashMap<>();
            arguments(node.arguments(), scope, args, kwargs);
            return call(callee, args, kwargs);
        }
        if (expr instanceof Expr.Filter node) {
            return filter(node, scope, null);
        }
        if (expr instanceof Expr.Test node) {
            Object value = eval(node.value(), scope);
            List<Object> args = new ArrayList<>();
            Map<String, Object> kwargs = new LinkedHashMap<>();
            arguments(node.arguments(), scope, args, kwargs);
            return Tests.apply(node.name(), value, args, kwargs, "No test named " + Repr.repr(node.name()) + " found.");
        }
        if (expr instanceof Expr.Unary node) {
            Object operand = eval(node.operand(), scope);
            return node.operator().equals("not") ? !Values.truthy(operand) : Arithmetic.unary(node.operator(), operand);
        }
        if (expr instanceof Expr.Binary node) {
            Object left = eval(node.left(), scope);
            return Arithmetic.binary(node.operator(), left, eval(node.right(), scope));
        }
        if (expr instanceof Expr.Logical node) {
            Object left = eval(node.left(), scope);
            if (Values.truthy(left) != node.isAnd()) {
                return left;
            }
            return eval(node.right(), scope);
        }
        if (expr instanceof Expr.Concat node) {
            StringBuilder out = new StringBuilder();
            for (Expr part : node.parts()) {
                out.append(Repr.str(eval(part, scope)));
            }
            return out.toString();
        }
        if (expr instanceof Expr.Comparison node) {
            return compare(node, scope);
        }
        if (expr instanceof Expr.Conditional node) {
            if (Values.truthy(eval(node.test(), scope))) {
                return eval(node.then(), scope);
            }
            if (node.otherwise() == null) {
                return Undefined.hint("the inline if-expression on line " + node.line()
                        + " evaluated to false and no else section was defined.");
            }
            return eval(node.otherwise(), scope);
        }
        if (expr instanceof Expr.TupleLit node) {
            return new PyTuple(evalAll(node.items(), scope));
        }
        if (expr instanceof Expr.ListLit node) {
            return evalAll(node.items(), scope);
        }
        if (expr instanceof Expr.DictLit node) {
            Map<Object, Object> dict = new LinkedHashMap<>();
            for (int i = 0; i < node.keys().size(); i++) {
                Object key = eval(node.keys().get(i), scope);
                if ((key instanceof List && !(key instanceof PyTuple)) || key instanceof Map || key instanceof Undefined) {
                    throw JinjaError.type("unhashable type: " + Repr.repr(Values.typeName(key)));
                }
                Compare.put(dict, key, eval(node.values().get(i), scope));
            }
            return dict;
        }
        throw new IllegalStateException("cannot evaluate " + expr);
    }

    private Object evalOrNull(Expr expr, Scope scope) {
        return expr == null ? null : eval(expr, scope);
    }

    private List<Object> evalAll(List<Expr> exprs, Scope scope) {
        List<Object> values = new ArrayList<>(exprs.size());
        for (Expr expr : exprs) {
            values.add(eval(expr, scope));
        }
        return values;
    }

    /** Evaluates call arguments, spreading {@code *args} and {@code **kwargs}. */
    void arguments(Expr.Arguments arguments, Scope scope, List<Object> args, Map<String, Object> kwargs) {
        args.addAll(evalAll(arguments.positional(), scope));
        for (Expr.Keyword keyword : arguments.keywords()) {
            kwargs.put(keyword.name(), eval(keyword.value(), scope));
        }
        if (arguments.starArgs() != null) {
            args.addAll(Values.iterate(eval(arguments.starArgs(), scope)));
        }
        if (arguments.starKwargs() != null) {
            Object extra = eval(arguments.starKwargs(), scope);
            if (!(extra instanceof Map<?, ?> map)) {
                throw JinjaError.type("argument after ** must be a mapping, not " + Values.typeName(extra));
            }
            map.forEach((k, v) -> kwargs.put(Repr.str(k), v));
        }
    }

    /** Calls a template value: macros, methods, globals; anything else is not callable. */
    static Object call(Object callee, List<Object> args, Map<String, Object> kwargs) {
        if (callee instanceof Undefined u) {
            throw u.error();
        }
        if (callee instanceof JinjaCallable function) {
            return function.call(args, kwargs);
        }
        throw JinjaError.type(Repr.repr(Values.typeName(callee)) + " object is not callable");
    }

    /**
     * Applies a filter node; in a filter block the innermost filter has no value expression and
     * filters {@code blockText} instead.
     */
    Object filter(Expr.Filter node, Scope scope, String blockText) {
        try {
            Object value;
            if (node.value() == null) {
                value = blockText;
            } else if (node.value() instanceof Expr.Filter inner && blockText != null) {
                value = filter(inner, scope, blockText);
            } else {
                value = eval(node.value(), scope);
            }
            List<Object> args = new ArrayList<>();
            Map<String, Object> kwargs = new LinkedHashMap<>();
            arguments(node.arguments(), scope, args, kwargs);
            return Filters.apply(node.name(), value, args, kwargs, "No filter named " + Repr.repr(node.name()) + " found.");
        } catch (JinjaError e) {
            throw e.atLine(node.line());
        }
    }

    /** A comparison chain: {@code a < b < c} is {@code a < b and b < c}, each operand evaluated once. */
    private Object compare(Expr.Comparison node, Scope scope) {
        Object left = eval(node.first(), scope);
        for (Expr.Operand operand : node.rest()) {
            Object right = eval(operand.expr(), scope);
            boolean holds = switch (operand.operator()) {
                case "==" -> Compare.equal(left, right);
                case "!=" -> !Compare.equal(left, right);
                case "in" -> Compare.contains(right, left);
                case "not in" -> !Compare.contains(right, left);
                default -> Compare.order(operand.operator(), left, right);
            };
            if (!holds) {
                return false;
            }
            left = right;
        }
        return true;
    }

    Renderer renderer() {
        return renderer;
    }
}
