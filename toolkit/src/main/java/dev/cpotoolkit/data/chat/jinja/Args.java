package dev.cpotoolkit.data.chat.jinja;

import java.util.List;
import java.util.Map;

/**
 * Binds a call's positional and keyword arguments to a Python-style parameter list, so filters,
 * methods and globals accept {@code f(a, b)} and {@code f(a, name=b)} alike and reject the rest
 * with Python's {@code TypeError} wording.
 */
final class Args {

    /** Marks a parameter without default: leaving it out is an error. */
    static final Object REQUIRED = new Object();

    private Args() {
    }

    /**
     * Binds arguments to parameters.
     *
     * @param function      the name used in error messages
     * @param args          positional arguments
     * @param kwargs        keyword arguments
     * @param namesDefaults alternating parameter names and defaults ({@link #REQUIRED} for none)
     * @return the value of each parameter, in order
     */
    static Object[] bind(String function, List<Object> args, Map<String, Object> kwargs, Object... namesDefaults) {
        int count = namesDefaults.length / 2;
        if (args.size() > count) {
            throw JinjaError.type(function + "() takes at most " + count + " argument" + (count == 1 ? "" : "s")
                    + " (" + args.size() + " given)");
        }
        Object[] values = new Object[count];
        for (int i = 0; i < count; i++) {
            String name = (String) namesDefaults[2 * i];
            if (i < args.size()) {
                if (kwargs.containsKey(name)) {
                    throw JinjaError.type(function + "() got multiple values for argument " + Repr.repr(name));
                }
                values[i] = args.get(i);
            } else if (kwargs.containsKey(name)) {
                values[i] = kwargs.get(name);
            } else if (namesDefaults[2 * i + 1] == REQUIRED) {
                throw JinjaError.type(function + "() missing required argument " + Repr.repr(name));
            } else {
                values[i] = namesDefaults[2 * i + 1];
            }
        }
        for (String key : kwargs.keySet()) {
            boolean known = false;
            for (int i = 0; i < count; i++) {
                known |= namesDefaults[2 * i].equals(key);
            }
            if (!known) {
                throw JinjaError.type(function + "() got an unexpected keyword argument " + Repr.repr(key));
            }
        }
        return values;
    }

    /** Fails unless the call has no keyword arguments (Python builtins that take positional ones only). */
    static void noKeywords(String function, Map<String, Object> kwargs) {
        if (!kwargs.isEmpty()) {
            throw JinjaError.type(function + "() takes no keyword arguments");
        }
    }
}
