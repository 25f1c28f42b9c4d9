package dev.cpotoolkit.data.chat.jinja;

import java.util.List;

/**
 * Walks a parsed template, visiting every statement and expression; subclasses override the
 * hooks they care about and call {@code super} to keep descending.
 */
abstract class AstVisitor {

    void visitAll(List<Stmt> body) {
        for (Stmt stmt : body) {
            visit(stmt);
        }
    }

    void visit(Stmt stmt) {
        if (stmt instanceof Stmt.Print print) {
            visit(print.expr());
        } else if (stmt instanceof Stmt.If node) {
            node.tests().forEach(this::visit);
            node.bodies().forEach(this::visitAll);
            visitAll(node.otherwise());
        } else if (stmt instanceof Stmt.For node) {
            visit(node.target());
            visit(node.iterable());
            visit(node.filter());
            visitAll(node.body());
            visitAll(node.otherwise());
        } else if (stmt instanceof Stmt.Assign node) {
            visit(node.target());
            visit(node.value());
        } else if (stmt instanceof Stmt.AssignBlock node) {
            visit(node.target());
            visit(node.filter());
            visitAll(node.body());
        } else if (stmt instanceof Stmt.MacroDef node) {
            node.defaults().forEach(this::visit);
            visitAll(node.body());
        } else if (stmt instanceof Stmt.CallBlock node) {
            visit(node.call());
            visit(node.caller());
        } else if (stmt instanceof Stmt.FilterBlock node) {
            visit(node.filter());
            visitAll(node.body());
        } else if (stmt instanceof Stmt.With node) {
            node.targets().forEach(this::visit);
            node.values().forEach(this::visit);
            visitAll(node.body());
        } else if (stmt instanceof Stmt.Generation node) {
            visitAll(node.body());
        }
    }

    void visit(Expr expr) {
        if (expr == null) {
            return;
        }
        if (expr instanceof Expr.TupleLit node) {
            node.items().forEach(this::visit);
        } else if (expr instanceof Expr.ListLit node) {
            node.items().forEach(this::visit);
        } else if (expr instanceof Expr.DictLit node) {
            node.keys().forEach(this::visit);
            node.values().forEach(this::visit);
        } else if (expr instanceof Expr.GetAttr node) {
            visit(node.target());
        } else if (expr instanceof Expr.GetItem node) {
            visit(node.target());
            visit(node.key());
        } else if (expr instanceof Expr.Slice node) {
            visit(node.start());
            visit(node.stop());
            visit(node.step());
        } else if (expr instanceof Expr.Call node) {
            visit(node.callee());
            visit(node.arguments());
        } else if (expr instanceof Expr.Filter node) {
            visit(node.value());
            visit(node.arguments());
        } else if (expr instanceof Expr.Test node) {
            visit(node.value());
            visit(node.arguments());
        } else if (expr instanceof Expr.Unary node) {
            visit(node.operand());
        } else if (expr instanceof Expr.Binary node) {
            visit(node.left());
            visit(node.right());
        } else if (expr instanceof Expr.Logical node) {
            visit(node.left());
            visit(node.right());
        } else if (expr instanceof Expr.Concat node) {
            node.parts().forEach(this::visit);
        } else if (expr instanceof Expr.Comparison node) {
            visit(node.first());
            node.rest().forEach(operand -> visit(operand.expr()));
        } else if (expr instanceof Expr.Conditional node) {
            visit(node.test());
            visit(node.then());
            visit(node.otherwise());
        }
    }

    void visit(Expr.Arguments arguments) {
        arguments.positional().forEach(this::visit);
        arguments.keywords().forEach(keyword -> visit(keyword.value()));
        visit(arguments.starArgs());
        visit(arguments.starKwargs());
    }
}
