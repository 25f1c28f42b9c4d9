package dev.cpotoolkit.data.chat.jinja;

import java.util.Set;

/**
 * Which expressions Jinja2's compiler can evaluate ahead of time ({@code as_const}): literals and
 * operators, attribute and item access, and filters and tests that need no template context, all
 * on constant operands. Names, calls and inline {@code if} without {@code else} are never constant.
 */
final class Constants {

    /** Filters that receive the template context in Jinja2, so they are never folded. */
    private static final Set<String> CONTEXT_FILTERS = Set.of("map", "select", "reject", "selectattr", "rejectattr",
            "random");

    private Constants() {
    }

    static boolean isConstant(Expr expr) {
        if (expr == null || expr instanceof Expr.Const) {
            return true;
        }
        if (expr instanceof Expr.TupleLit node) {
            return node.items().stream().allMatch(Constants::isConstant);
        }
        if (expr instanceof Expr.ListLit node) {
            return node.items().stream().allMatch(Constants::isConstant);
        }
        if (expr instanceof Expr.DictLit node) {
            return node.keys().stream().allMatch(Constants::isConstant) && node.values().stream().allMatch(Constants::isConstant);
        }
        if (expr instanceof Expr.GetAttr node) {
            return isConstant(node.target());
        }
        if (expr instanceof Expr.GetItem node) {
            return isConstant(node.target()) && isConstant(node.key());
        }
        if (expr instanceof Expr.Slice node) {
            return isConstant(node.start()) && isConstant(node.stop()) && isConstant(node.step());
        }
        if (expr instanceof Expr.Unary node) {
            return isConstant(node.operand());
        }
        if (expr instanceof Expr.Binary node) {
            return isConstant(node.left()) && isConstant(node.right());
        }
        if (expr instanceof Expr.Logical node) {
            return isConstant(node.left()) && isConstant(node.right());
        }
        if (expr instanceof Expr.Concat node) {
            return node.parts().stream().allMatch(Constants::isConstant);
        }
        if (expr instanceof Expr.Comparison node) {
            return isConstant(node.first()) && node.rest().stream().allMatch(op -> isConstant(op.expr()));
        }
        if (expr instanceof Expr.Conditional node) {
            return node.otherwise() != null && isConstant(node.test()) && isConstant(node.then())
                    && isConstant(node.otherwise());
        }
        if (expr instanceof Expr.Filter node) {
            return node.value() != null && !CONTEXT_FILTERS.contains(node.name()) && isConstant(node.value())
                    && constantArguments(node.arguments());
        }
        if (expr instanceof Expr.Test node) {
            return isConstant(node.value()) && constantArguments(node.arguments());
        }
        return false;
    }

    private static boolean constantArguments(Expr.Arguments arguments) {
        return arguments.positional().stream().allMatch(Constants::isConstant)
                && arguments.keywords().stream().allMatch(keyword -> isConstant(keyword.value()))
                && isConstant(arguments.starArgs()) && isConstant(arguments.starKwargs());
    }
}
