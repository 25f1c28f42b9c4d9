package dev.cpotoolkit.data.chat.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The Python methods templates may call on strings, dicts, lists and tuples, as the
 * {@code ImmutableSandboxedEnvironment} of transformers allows them: reading methods work,
 * methods that would change a list or dict are refused with Jinja2's security error. Jinja2 3.1
 * counts {@code list.pop} and {@code list.clear} as safe, so they are here too (they change only
 * the engine's copy of the template data).
 */
final class Methods {

    private Methods() {
    }

    private static final Set<String> STR_METHODS = Set.of("capitalize", "casefold", "center", "count", "encode",
            "endswith", "expandtabs", "find", "format", "format_map", "index", "isalnum", "isalpha", "isascii",
            "isdecimal", "isdigit", "isidentifier", "islower", "isnumeric", "isprintable", "isspace", "istitle",
            "isupper", "join", "ljust", "lower", "lstrip", "maketrans", "partition", "removeprefix", "removesuffix",
            "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines",
            "startswith", "strip", "swapcase", "title", "translate", "upper", "zfill");
    private static final Set<String> DICT_METHODS = Set.of("clear", "copy", "fromkeys", "get", "items", "keys",
            "pop", "popitem", "setdefault", "update", "values");
    private static final Set<String> DICT_UNSAFE = Set.of("clear", "pop", "popitem", "setdefault", "update");
    private static final Set<String> LIST_METHODS = Set.of("append", "clear", "copy", "count", "extend", "index",
            "insert", "pop", "remove", "reverse", "sort");
    private static final Set<String> LIST_UNSAFE = Set.of("append", "reverse", "insert", "sort", "extend", "remove");
    private static final Set<String> TUPLE_METHODS = Set.of("count", "index");

    /**
     * The attribute {@code name} of a value when it is a method: a bound method, or for refused
     * methods the sandbox's unsafe undefined.
     *
     * @return the method, or null when the value has no such method
     */
    static Object find(Object self, String name) {
        if (self instanceof String s && STR_METHODS.contains(name)) {
            return new BoundMethod(name, self, (args, kwargs) -> callString(s, name, args, kwargs));
        }
        if (self instanceof Map<?, ?> map && DICT_METHODS.contains(name)) {
            if (DICT_UNSAFE.contains(name)) {
                return Undefined.unsafe(self, name);
            }
            @SuppressWarnings("unchecked")
            Map<Object, Object> dict = (Map<Object, Object>) map;
            return new BoundMethod(name, self, (args, kwargs) -> callDict(dict, name, args, kwargs));
        }
        if (self instanceof PyTuple tuple && TUPLE_METHODS.contains(name)) {
            return new BoundMethod(name, self, (args, kwargs) -> callSequence(tuple, name, args, kwargs));
        }
        if (self instanceof List<?> list && !(self instanceof PyTuple) && !(self instanceof PyRange)
                && LIST_METHODS.contains(name)) {
            if (LIST_UNSAFE.contains(name)) {
                return Undefined.unsafe(self, name);
            }
            @SuppressWarnings("unchecked")
            List<Object> items = (List<Object>) list;
            return new BoundMethod(name, self, (args, kwargs) -> callSequence(items, name, args, kwargs));
        }
        return null;
    }

    private static String str(String method, Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw JinjaError.type(method + "() argument must be str, not " + Values.typeName(value));
    }

    private static String optionalStr(String method, Object value) {
        return value == null ? null : str(method, value);
    }

    /** The str methods that take keyword arguments in CPython 3.11, with their keyword names. */
    private static final Map<String, Set<String>> STR_KEYWORDS = Map.of("split", Set.of("sep", "maxsplit"),
            "rsplit", Set.of("sep", "maxsplit"), "splitlines", Set.of("keepends"), "expandtabs", Set.of("tabsize"));
    /** The str methods whose "no keyword arguments" error CPython words without the {@code str.} prefix. */
    private static final Set<String> BARE_NAMES = Set.of("count", "endswith", "find", "index", "rfind", "rindex",
            "startswith");

    /** The argument-less case changes, by method name. */
    private static final Map<String, UnaryOperator<String>> CASE_CHANGES = Map.of(
            "upper", PyStrings::upper, "lower", PyStrings::lower, "title", PyStrings::title,
            "capitalize", PyStrings::capitalize, "swapcase", PyStrings::swapcase, "casefold", PyStrings::casefold);

    /** Rejects keyword arguments as CPython 3.11 does: most str methods take positional ones only. */
    private static void checkStringKeywords(String name, Map<String, Object> kwargs) {
        if (kwargs.isEmpty() || name.equals("format")) {
            return;
        }
        Set<String> allowed = STR_KEYWORDS.get(name);
        if (allowed == null) {
            throw JinjaError.type((BARE_NAMES.contains(name) ? name : "str." + name) + "() takes no keyword arguments");
        }
        for (String key : kwargs.keySet()) {
            if (!allowed.contains(key)) {
                throw JinjaError.type(Repr.repr(key) + " is an invalid keyword argument for " + name + "()");
            }
        }
    }

    private static Object callString(String s, String name, List<Object> args, Map<String, Object> kwargs) {
        checkStringKeywords(name, kwargs);
        Object[] a;
        switch (name) {
            case "strip", "lstrip", "rstrip" -> {
                a = Args.bind("str." + name, args, kwargs, "chars", null);
                return PyStrings.strip(s, optionalStr(name, a[0]), !name.equals("rstrip"), !name.equals("lstrip"));
            }
            case "split", "rsplit" -> {
                a = Args.bind("str." + name, args, kwargs, "sep", null, "maxsplit", -1L);
                int max = Values.index(a[1]);
                String sep = optionalStr(name, a[0]);
                return name.equals("split") ? PyStrings.split(s, sep, max) : PyStrings.rsplit(s, sep, max);
            }
            case "splitlines" -> {
                a = Args.bind("str.splitlines", args, kwargs, "keepends", false);
                return PyStrings.splitlines(s, Values.truthy(a[0]));
            }
            case "startswith", "endswith" -> {
                a = Args.bind("str." + name, args, kwargs, "prefix", Args.REQUIRED, "start", null, "end", null);
                return PyStrings.affix(name, s, a[0], a[1], a[2], name.equals("endswith"));
            }
            case "upper", "lower", "title", "capitalize", "swapcase", "casefold" -> {
                Args.bind("str." + name, args, kwargs);
                return CASE_CHANGES.get(name).apply(s);
            }
            case "replace" -> {
                a = Args.bind("str.replace", args, kwargs, "old", Args.REQUIRED, "new", Args.REQUIRED, "count", -1L);
                return PyStrings.replace(s, str(name, a[0]), str(name, a[1]), Values.index(a[2]));
            }
            case "find", "rfind", "index", "rindex" -> {
                a = Args.bind("str." + name, args, kwargs, "sub", Args.REQUIRED, "start", null, "end", null);
                int at = PyStrings.find(s, str(name, a[0]), a[1], a[2], name.startsWith("r"));
                if (at < 0 && name.endsWith("index")) {
                    throw JinjaError.value("substring not found");
                }
                return (long) at;
            }
            case "count" -> {
                a = Args.bind("str.count", args, kwargs, "sub", Args.REQUIRED, "start", null, "end", null);
                return (long) PyStrings.count(s, str(name, a[0]), a[1], a[2]);
            }
            case "join" -> {
                a = Args.bind("str.join", args, kwargs, "iterable", Args.REQUIRED);
                return join(s, Values.iterate(a[0]));
            }
            case "center", "ljust", "rjust" -> {
                a = Args.bind("str." + name, args, kwargs, "width", Args.REQUIRED, "fillchar", " ");
                return PyStrings.justify(name, s, Values.index(a[0]), a[1]);
            }
            case "zfill" -> {
                a = Args.bind("str.zfill", args, kwargs, "width", Args.REQUIRED);
                return PyStrings.zfill(s, Values.index(a[0]));
            }
            case "removeprefix", "removesuffix" -> {
                a = Args.bind("str." + name, args, kwargs, "affix", Args.REQUIRED);
                String affix = str(name, a[0]);
                if (name.equals("removeprefix")) {
                    return s.startsWith(affix) ? s.substring(affix.length()) : s;
                }
                return s.endsWith(affix) && !affix.isEmpty() ? s.substring(0, s.length() - affix.length()) : s;
            }
            case "partition", "rpartition" -> {
                a = Args.bind("str." + name, args, kwargs, "sep", Args.REQUIRED);
                return PyStrings.partition(s, str(name, a[0]), name.equals("rpartition"));
            }
            case "expandtabs" -> {
                a = Args.bind("str.expandtabs", args, kwargs, "tabsize", 8L);
                return PyStrings.expandtabs(s, Values.index(a[0]));
            }
            case "format" -> {
                return StrFormat.format(s, args, kwargs);
            }
            case "format_map" -> {
                if (args.size() != 1) {
                    throw JinjaError.type("format_map() takes exactly one argument (" + args.size() + " given)");
                }
                return StrFormat.formatMap(s, args.get(0));
            }
            default -> {
                if (name.startsWith("is")) {
                    Args.bind("str." + name, args, kwargs);
                    return PyStrings.test(name, s);
                }
                throw new JinjaError(JinjaError.Kind.UNSUPPORTED, "str." + name + "() is not supported by this engine");
            }
        }
    }

    /** {@code sep.join(items)}: every item must already be a string, as in Python. */
    static String join(String separator, List<Object> items) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof String item)) {
                throw JinjaError.type("sequence item " + i + ": expected str instance, "
                        + Values.typeName(items.get(i)) + " found");
            }
            if (i > 0) {
                out.append(separator);
            }
            out.append(item);
        }
        return out.toString();
    }

    private static Object callDict(Map<Object, Object> dict, String name, List<Object> args, Map<String, Object> kwargs) {
        Args.noKeywords("dict." + name, kwargs);
        switch (name) {
            case "get" -> {
                if (args.isEmpty() || args.size() > 2) {
                    throw JinjaError.type("get expected at least 1 argument, got " + args.size());
                }
                Object value = Compare.lookup(dict, args.get(0), Compare.MISSING);
                return value == Compare.MISSING ? (args.size() > 1 ? args.get(1) : null) : value;
            }
            case "items" -> {
                Args.bind("dict.items", args, kwargs);
                return new DictView(dict, DictView.Kind.ITEMS);
            }
            case "keys" -> {
                Args.bind("dict.keys", args, kwargs);
                return new DictView(dict, DictView.Kind.KEYS);
            }
            case "values" -> {
                Args.bind("dict.values", args, kwargs);
                return new DictView(dict, DictView.Kind.VALUES);
            }
            case "copy" -> {
                Args.bind("dict.copy", args, kwargs);
                return new LinkedHashMap<>(dict);
            }
            default -> throw new JinjaError(JinjaError.Kind.UNSUPPORTED, "dict." + name + "() is not supported by this engine");
        }
    }

    private static Object callSequence(List<Object> items, String name, List<Object> args, Map<String, Object> kwargs) {
        Args.noKeywords((items instanceof PyTuple ? "tuple." : "list.") + name, kwargs);
        switch (name) {
            case "count" -> {
                Object[] a = Args.bind("count", args, Map.of(), "value", Args.REQUIRED);
                return items.stream().filter(item -> Compare.equal(item, a[0])).count();
            }
            case "index" -> {
                Object[] a = Args.bind("index", args, Map.of(), "value", Args.REQUIRED, "start", 0L, "stop", (long) Integer.MAX_VALUE);
                int[] b = sliceBounds(items.size(), a[1], a[2]);
                for (int i = b[0]; i < b[1]; i++) {
                    if (Compare.equal(items.get(i), a[0])) {
                        return (long) i;
                    }
                }
                throw JinjaError.value(items instanceof PyTuple ? "tuple.index(x): x not in tuple" : Repr.repr(a[0]) + " is not in list");
            }
            case "pop" -> {
                Object[] a = Args.bind("pop", args, Map.of(), "index", -1L);
                if (items.isEmpty()) {
                    throw new JinjaError(JinjaError.Kind.INDEX, "pop from empty list");
                }
                int index = Values.index(a[0]);
                int at = index < 0 ? index + items.size() : index;
                if (at < 0 || at >= items.size()) {
                    throw new JinjaError(JinjaError.Kind.INDEX, "pop index out of range");
                }
                return items.remove(at);
            }
            case "clear" -> {
                Args.bind("list.clear", args, kwargs);
                items.clear();
                return null;
            }
            default -> {
                Args.bind("list.copy", args, kwargs);
                return new ArrayList<>(items);
            }
        }
    }

    private static int[] sliceBounds(int length, Object start, Object stop) {
        int from = Values.index(start);
        int to = Values.index(stop);
        from = from < 0 ? Math.max(0, from + length) : Math.min(from, length);
        to = to < 0 ? Math.max(0, to + length) : Math.min(to, length);
        return new int[] {from, to};
    }
}
