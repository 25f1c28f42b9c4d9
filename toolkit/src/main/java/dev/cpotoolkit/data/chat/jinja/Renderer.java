package dev.cpotoolkit.data.chat.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes statement nodes, writing the output. Scoping follows Jinja2: every loop iteration,
 * macro call and block body ({@code set} block, {@code filter}, {@code with}, call block,
 * {@code generation}) runs in a child scope, while {@code if} runs in the enclosing one.
 */
final class Renderer {

    /** How a statement list ended: normally, or through {@code break} / {@code continue}. */
    private enum Flow { NORMAL, BREAK, CONTINUE }

    private final Evaluator evaluator = new Evaluator(this, false);
    private final Evaluator folding = new Evaluator(this, true);

    Evaluator evaluator() {
        return evaluator;
    }

    /** Renders statements into a new string (a macro call or block body). */
    String capture(List<Stmt> body, Scope scope) {
        StringBuilder out = new StringBuilder();
        render(body, scope, out);
        return out.toString();
    }

    private Flow render(List<Stmt> body, Scope scope, StringBuilder out) {
        for (Stmt stmt : body) {
            Flow flow;
            try {
                flow = execute(stmt, scope, out);
            } catch (JinjaError e) {
                throw e.atLine(stmt.line());
            }
            if (flow != Flow.NORMAL) {
                return flow;
            }
        }
        return Flow.NORMAL;
    }

    private Flow execute(Stmt stmt, Scope scope, StringBuilder out) {
        if (stmt instanceof Stmt.Data node) {
            out.append(node.text());
        } else if (stmt instanceof Stmt.Print node) {
            out.append(Repr.str(print(node.expr(), scope)));
        } else if (stmt instanceof Stmt.If node) {
            for (int i = 0; i < node.tests().size(); i++) {
                if (Values.truthy(evaluator.eval(node.tests().get(i), scope))) {
                    return render(node.bodies().get(i), scope, out);
                }
            }
            return render(node.otherwise(), scope, out);
        } else if (stmt instanceof Stmt.For node) {
            return loop(node, scope, out);
        } else if (stmt instanceof Stmt.Assign node) {
            assign(node.target(), evaluator.eval(node.value(), scope), scope);
        } else if (stmt instanceof Stmt.AssignBlock node) {
            String text = capture(node.body(), scope.child());
            Object value = node.filter() == null ? text : evaluator.filter(node.filter(), scope, text);
            assign(node.target(), value, scope);
        } else if (stmt instanceof Stmt.MacroDef node) {
            scope.set(node.name(), new Macro(node, scope, this));
        } else if (stmt instanceof Stmt.CallBlock node) {
            Object callee = evaluator.eval(node.call().callee(), scope);
            List<Object> args = new ArrayList<>();
            Map<String, Object> kwargs = new LinkedHashMap<>();
            evaluator.arguments(node.call().arguments(), scope, args, kwargs);
            kwargs.put("caller", new Macro(node.caller(), scope, this));
            out.append(Repr.str(Evaluator.call(callee, args, kwargs)));
        } else if (stmt instanceof Stmt.FilterBlock node) {
            out.append(Repr.str(evaluator.filter(node.filter(), scope, capture(node.body(), scope.child()))));
        } else if (stmt instanceof Stmt.With node) {
            Scope inner = scope.child();
            for (int i = 0; i < node.targets().size(); i++) {
                assign(node.targets().get(i), evaluator.eval(node.values().get(i), scope), inner);
            }
            return render(node.body(), inner, out);
        } else if (stmt instanceof Stmt.LoopControl node) {
            return node.isBreak() ? Flow.BREAK : Flow.CONTINUE;
        } else if (stmt instanceof Stmt.Generation node) {
            out.append(capture(node.body(), scope.child()));
        }
        return Flow.NORMAL;
    }

    /**
     * A for loop. The iterable is evaluated in the enclosing scope; each iteration gets a fresh
     * scope (so a {@code set} in the body is gone at the next iteration, as in Jinja2). A loop
     * filter ({@code for x in xs if c}) runs before counting, so {@code loop.length} counts what passed.
     */
    private Flow loop(Stmt.For node, Scope scope, StringBuilder out) {
        renderLoop(node, scope, evaluator.eval(node.iterable(), scope), 0, out);
        return Flow.NORMAL;
    }

    private void renderLoop(Stmt.For node, Scope scope, Object iterable, int depth0, StringBuilder out) {
        List<Object> items = Values.iterate(iterable);
        if (node.filter() != null) {
            List<Object> kept = new ArrayList<>();
            for (Object item : items) {
                Scope test = scope.child();
                assign(node.target(), item, test);
                if (Values.truthy(evaluator.eval(node.filter(), test))) {
                    kept.add(item);
                }
            }
            items = kept;
        }
        JinjaCallable recurse = !node.recursive() ? null : (args, kwargs) -> {
            if (args.size() != 1 || !kwargs.isEmpty()) {
                throw JinjaError.type("loop() takes exactly one argument (" + args.size() + " given)");
            }
            StringBuilder inner = new StringBuilder();
            renderLoop(node, scope, args.get(0), depth0 + 1, inner);
            return inner.toString();
        };
        LoopContext loop = new LoopContext(items, depth0, recurse);
        // Jinja2 runs the else block unless some iteration got to the end of the body: a break
        // or continue before the end leaves its "not iterated" flag set
        boolean completed = false;
        for (Object item : items) {
            loop.advance();
            Scope iteration = scope.child();
            assign(node.target(), item, iteration);
            iteration.set("loop", loop);
            Flow flow = render(node.body(), iteration, out);
            if (flow == Flow.BREAK) {
                break;
            }
            completed |= flow == Flow.NORMAL;
        }
        if (!completed) {
            render(node.otherwise(), scope.child(), out);
        }
    }

    /**
     * The value of a {@code {{ expr }}}. Jinja2 evaluates a constant expression there at compile
     * time, where slicing goes through the lenient item lookup ({@code [1, 2]['a':]} prints
     * nothing instead of failing); when that fails, the expression is evaluated normally.
     */
    private Object print(Expr expr, Scope scope) {
        if (Constants.isConstant(expr)) {
            try {
                return folding.eval(expr, scope);
            } catch (JinjaError e) {
                // Jinja2's optimizer gives up; the normal evaluation below raises what it raises
            }
        }
        return evaluator.eval(expr, scope);
    }

    /** Assigns to a name, unpacks into a tuple of names, or sets a namespace attribute. */
    void assign(Expr target, Object value, Scope scope) {
        if (target instanceof Expr.Name name) {
            scope.set(name.name(), value);
        } else if (target instanceof Expr.TupleLit tuple) {
            List<Object> items = Values.iterate(value);
            int expected = tuple.items().size();
            if (items.size() < expected) {
                throw JinjaError.value("not enough values to unpack (expected " + expected + ", got " + items.size() + ")");
            }
            if (items.size() > expected) {
                throw JinjaError.value("too many values to unpack (expected " + expected + ")");
            }
            for (int i = 0; i < expected; i++) {
                assign(tuple.items().get(i), items.get(i), scope);
            }
        } else if (target instanceof Expr.NamespaceRef ref) {
            Object namespace = scope.lookup(ref.name());
            if (!(namespace instanceof Namespace ns)) {
                throw new JinjaError(JinjaError.Kind.TEMPLATE_RUNTIME, "cannot assign attribute on non-namespace object");
            }
            ns.set(ref.attribute(), value);
        } else {
            throw new IllegalStateException("cannot assign to " + target);
        }
    }
}
