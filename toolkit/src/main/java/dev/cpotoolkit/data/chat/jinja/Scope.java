package dev.cpotoolkit.data.chat.jinja;

import java.util.HashMap;
import java.util.Map;

/**
 * One level of template variables. Lookups fall through to the enclosing scope; assignments stay
 * in this one. That is what makes Jinja2's scoping: a loop iteration, macro call or block body gets
 * a child scope, so {@code {% set %}} inside it does not leak out, while {@code if} shares its scope.
 */
final class Scope {

    private final Scope parent;
    private final Map<String, Object> variables = new HashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    Scope child() {
        return new Scope(this);
    }

    /** The variable's value, or {@link Compare#MISSING} when no enclosing scope has it. */
    Object lookup(String name) {
        for (Scope scope = this; scope != null; scope = scope.parent) {
            Object value = scope.variables.getOrDefault(name, Compare.MISSING);
            if (value != Compare.MISSING) {
                return value;
            }
        }
        return Compare.MISSING;
    }

    void set(String name, Object value) {
        variables.put(name, value);
    }
}
