package dev.cpotoolkit.data.chat.jinja;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions every Jinja2 template can call: {@code range} (the sandbox's, capped at 100,000
 * items), {@code dict}, {@code namespace}, {@code cycler} and {@code joiner}. {@code lipsum} is
 * known but left out (it is random text).
 */
final class Globals {

    private Globals() {
    }

    /** The built-in globals, fresh for one rendering (cyclers and joiners keep state). */
    static Map<String, Object> create() {
        Map<String, Object> globals = new LinkedHashMap<>();
        globals.put("range", (JinjaCallable) Globals::range);
        globals.put("dict", (JinjaCallable) (args, kwargs) -> dict("dict", args, kwargs));
        globals.put("namespace", (JinjaCallable) (args, kwargs) -> new Namespace(stringKeys(dict("namespace", args, kwargs))));
        globals.put("cycler", (JinjaCallable) (args, kwargs) -> {
            Args.noKeywords("cycler", kwargs);
            return new Cycler(args);
        });
        globals.put("joiner", (JinjaCallable) (args, kwargs) -> {
            Object separator = Args.bind("joiner", args, kwargs, "sep", ", ")[0];
            return new Joiner(Repr.str(separator));
        });
        globals.put("lipsum", (JinjaCallable) (args, kwargs) -> {
            throw new JinjaError(JinjaError.Kind.UNSUPPORTED, "lipsum() is not supported by this engine");
        });
        return globals;
    }

    private static Object range(List<Object> args, Map<String, Object> kwargs) {
        Args.noKeywords("range", kwargs);
        if (args.isEmpty() || args.size() > 3) {
            throw JinjaError.type("range expected at least 1 argument, got " + args.size());
        }
        long[] bounds = new long[args.size()];
        for (int i = 0; i < args.size(); i++) {
            Object arg = args.get(i);
            if (!(arg instanceof Long || arg instanceof Boolean)) {
                throw JinjaError.type(Repr.repr(Values.typeName(arg)) + " object cannot be interpreted as an integer");
            }
            bounds[i] = Values.longOf(arg);
        }
        return switch (bounds.length) {
            case 1 -> new PyRange(0, bounds[0], 1);
            case 2 -> new PyRange(bounds[0], bounds[1], 1);
            default -> new PyRange(bounds[0], bounds[1], bounds[2]);
        };
    }

    /** Python's {@code dict(mapping_or_pairs, **kwargs)}. */
    private static Map<Object, Object> dict(String function, List<Object> args, Map<String, Object> kwargs) {
        if (args.size() > 1) {
            throw JinjaError.type(function + " expected at most 1 argument, got " + args.size());
        }
        Map<Object, Object> result = new LinkedHashMap<>();
        if (!args.isEmpty()) {
            Object source = args.get(0);
            if (source instanceof Map<?, ?> map) {
                map.forEach((k, v) -> Compare.put(result, k, v));
            } else {
                int index = 0;
                for (Object pair : Values.iterate(source)) {
                    List<Object> items = Values.isIterable(pair) ? Values.iterate(pair) : null;
                    if (items == null) {
                        throw JinjaError.type("cannot convert dictionary update sequence element #" + index
                                + " to a sequence");
                    }
                    if (items.size() != 2) {
                        throw JinjaError.value("dictionary update sequence element #" + index + " has length "
                                + items.size() + "; 2 is required");
                    }
                    Compare.put(result, items.get(0), items.get(1));
                    index++;
                }
            }
        }
        result.putAll(kwargs);
        return result;
    }

    private static Map<String, Object> stringKeys(Map<Object, Object> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(Repr.str(k), v));
        return out;
    }
}
