package dev.cpotoolkit.data.chat.jinja;

import java.util.List;

/**
 * Jinja2's compile-time check that every filter and test exists ({@code TemplateAssertionError}).
 * Since Jinja2 3.0 the check is skipped directly inside {@code if} blocks and inline
 * {@code x if c else y} expressions (a "soft" frame): there an unknown name only fails when
 * evaluated. Loops, macros and other blocks inside an {@code if} are checked again.
 */
final class FilterTestCheck extends AstVisitor {

    private boolean soft;

    static void check(List<Stmt> template) {
        new FilterTestCheck().visitAll(template);
    }

    @Override
    void visit(Stmt stmt) {
        boolean outer = soft;
        if (stmt instanceof Stmt.If) {
            soft = true;
            super.visit(stmt);
        } else if (stmt instanceof Stmt.For node) {
            visit(node.iterable()); // evaluated in the enclosing frame
            soft = false;
            visit(node.target());
            visit(node.filter());
            visitAll(node.body());
            visitAll(node.otherwise());
        } else if (stmt instanceof Stmt.With node) {
            node.values().forEach(this::visit);
            soft = false;
            visitAll(node.body());
        } else if (stmt instanceof Stmt.CallBlock node) {
            visit(node.call());
            soft = false;
            visit(node.caller());
        } else if (stmt instanceof Stmt.AssignBlock || stmt instanceof Stmt.FilterBlock
                || stmt instanceof Stmt.MacroDef || stmt instanceof Stmt.Generation) {
            soft = false;
            super.visit(stmt);
        } else {
            super.visit(stmt);
        }
        soft = outer;
    }

    @Override
    void visit(Expr expr) {
        if (expr instanceof Expr.Conditional) {
            boolean outer = soft;
            soft = true;
            super.visit(expr);
            soft = outer;
            return;
        }
        if (!soft && expr instanceof Expr.Filter filter && !Filters.isKnown(filter.name())) {
            throw new JinjaError(JinjaError.Kind.TEMPLATE_ASSERTION, "No filter named " + Repr.repr(filter.name()) + ".",
                    filter.line());
        }
        if (!soft && expr instanceof Expr.Test test && !Tests.isKnown(test.name())) {
            throw new JinjaError(JinjaError.Kind.TEMPLATE_ASSERTION, "No test named " + Repr.repr(test.name()) + ".",
                    test.line());
        }
        super.visit(expr);
    }
}
