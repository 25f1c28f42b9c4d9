package dev.cpotoolkit.data.chat.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A macro defined with {@code {% macro %}} (or the {@code caller} of a call block), bound to the
 * scope it was defined in. Calling it renders its body in a fresh child of that scope and returns
 * the text, binding arguments the way Jinja2's {@code Macro.__call__} does.
 */
final class Macro implements JinjaCallable {

    private final Stmt.MacroDef definition;
    private final Scope closure;
    private final Renderer renderer;

    Macro(Stmt.MacroDef definition, Scope closure, Renderer renderer) {
        this.definition = definition;
        this.closure = closure;
        this.renderer = renderer;
    }

    String name() {
        return definition.name();
    }

    @Override
    public Object call(List<Object> args, Map<String, Object> kwargs) {
        List<String> parameters = definition.parameters();
        Map<String, Object> remaining = new LinkedHashMap<>(kwargs);
        Scope scope = closure.child();
        int defaultsStart = parameters.size() - definition.defaults().size();
        for (int i = 0; i < parameters.size(); i++) {
            String parameter = parameters.get(i);
            Object value;
            if (i < args.size()) {
                value = args.get(i);
            } else if (remaining.containsKey(parameter)) {
                value = remaining.remove(parameter);
            } else if (i >= defaultsStart) {
                // defaults are evaluated at call time, in the macro's scope (they may use earlier parameters)
                value = renderer.evaluator().eval(definition.defaults().get(i - defaultsStart), scope);
            } else {
                value = Undefined.hint("parameter " + Repr.repr(parameter) + " was not provided");
            }
            scope.set(parameter, value);
        }
        if (definition.usesCaller() && !parameters.contains("caller")) {
            Object caller = remaining.remove("caller");
            scope.set("caller", caller != null ? caller : Undefined.hint("No caller defined"));
        }
        if (definition.usesKwargs()) {
            scope.set("kwargs", new LinkedHashMap<Object, Object>(remaining));
        } else if (!remaining.isEmpty()) {
            if (remaining.containsKey("caller")) {
                throw JinjaError.type("macro " + Repr.repr(name()) + " was invoked with two values for the special"
                        + " caller argument. This is most likely a bug.");
            }
            throw JinjaError.type("macro " + Repr.repr(name()) + " takes no keyword argument "
                    + Repr.repr(remaining.keySet().iterator().next()));
        }
        if (definition.usesVarargs()) {
            scope.set("varargs", new PyTuple(args.size() > parameters.size()
                    ? args.subList(parameters.size(), args.size()) : new ArrayList<>()));
        } else if (args.size() > parameters.size()) {
            throw JinjaError.type("macro " + Repr.repr(name()) + " takes not more than " + parameters.size()
                    + " argument(s)");
        }
        return renderer.capture(definition.body(), scope);
    }
}
