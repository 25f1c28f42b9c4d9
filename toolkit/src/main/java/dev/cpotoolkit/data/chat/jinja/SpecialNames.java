package dev.cpotoolkit.data.chat.jinja;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds which of {@code caller}, {@code varargs} and {@code kwargs} a macro body mentions; as in
 * Jinja2, only then does the macro accept a caller, extra positional or extra keyword arguments.
 */
final class SpecialNames extends AstVisitor {

    private static final Set<String> SPECIAL = Set.of("caller", "varargs", "kwargs");
    private final Set<String> found = new HashSet<>();

    static Set<String> find(List<Stmt> body) {
        SpecialNames scanner = new SpecialNames();
        scanner.visitAll(body);
        return scanner.found;
    }

    @Override
    void visit(Expr expr) {
        if (expr instanceof Expr.Name name && SPECIAL.contains(name.name())) {
            found.add(name.name());
        }
        super.visit(expr);
    }
}
