package dev.cpotoolkit.data.chat.jinja;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jinja2's built-in filters, with transformers' {@code tojson}. Each follows the Python source
 * of Jinja2 3.1 (argument names and defaults, what it does with undefined and with odd types);
 * filters that return generators in Python return a lazy {@link PyIterator} here.
 */
final class Filters {

    /** A filter: the value before the pipe, then the call's arguments. */
    @FunctionalInterface
    interface Filter {
        Object apply(Object value, List<Object> args, Map<String, Object> kwargs);
    }

    /** Jinja2 filters left out on purpose: they are known names (no parse error) but fail when used. */
    private static final Set<String> UNSUPPORTED = Set.of("random", "urlencode", "urlize", "wordwrap", "xmlattr");

    private static final Map<String, Filter> FILTERS = new HashMap<>();

    static {
        FILTERS.put("abs", Filters::abs);
        FILTERS.put("attr", Filters::attr);
        FILTERS.put("batch", Filters::batch);
        FILTERS.put("capitalize", (v, a, k) -> PyStrings.capitalize(str(v, a, k, "capitalize")));
        FILTERS.put("center", Filters::center);
        FILTERS.put("count", Filters::length);
        FILTERS.put("length", Filters::length);
        FILTERS.put("default", Filters::defaultValue);
        FILTERS.put("d", Filters::defaultValue);
        FILTERS.put("dictsort", Filters::dictsort);
        FILTERS.put("escape", (v, a, k) -> escape(str(v, a, k, "escape")));
        FILTERS.put("e", (v, a, k) -> escape(str(v, a, k, "e")));
        FILTERS.put("forceescape", (v, a, k) -> escape(str(v, a, k, "forceescape")));
        FILTERS.put("filesizeformat", Filters::filesizeformat);
        FILTERS.put("first", Filters::first);
        FILTERS.put("last", Filters::last);
        FILTERS.put("float", Filters::toFloat);
        FILTERS.put("int", Filters::toInt);
        FILTERS.put("format", Filters::format);
        FILTERS.put("groupby", Filters::groupby);
        FILTERS.put("indent", Filters::indent);
        FILTERS.put("items", Filters::items);
        FILTERS.put("join", Filters::join);
        FILTERS.put("list", (v, a, k) -> {
            Args.bind("list", a, k);
            return Values.iterate(v);
        });
        FILTERS.put("lower", (v, a, k) -> PyStrings.lower(str(v, a, k, "lower")));
        FILTERS.put("upper", (v, a, k) -> PyStrings.upper(str(v, a, k, "upper")));
        FILTERS.put("map", Filters::map);
        FILTERS.put("max", (v, a, k) -> minOrMax(v, a, k, false));
        FILTERS.put("min", (v, a, k) -> minOrMax(v, a, k, true));
        FILTERS.put("pprint", Filters::pprint);
        FILTERS.put("replace", Filters::replace);
        FILTERS.put("reverse", Filters::reverse);
        FILTERS.put("round", Filters::round);
        FILTERS.put("safe", (v, a, k) -> str(v, a, k, "safe"));
        FILTERS.put("string", (v, a, k) -> str(v, a, k, "string"));
        FILTERS.put("select", (v, a, k) -> selectOrReject(v, a, k, false, false));
        FILTERS.put("reject", (v, a, k) -> selectOrReject(v, a, k, false, true));
        FILTERS.put("selectattr", (v, a, k) -> selectOrReject(v, a, k, true, false));
        FILTERS.put("rejectattr", (v, a, k) -> selectOrReject(v, a, k, true, true));
        FILTERS.put("slice", Filters::slice);
        FILTERS.put("sort", Filters::sort);
        FILTERS.put("striptags", Filters::striptags);
        FILTERS.put("sum", Filters::sum);
        FILTERS.put("title", Filters::title);
        FILTERS.put("tojson", Filters::tojson);
        FILTERS.put("trim", Filters::trim);
        FILTERS.put("truncate", Filters::truncate);
        FILTERS.put("unique", Filters::unique);
        FILTERS.put("wordcount", Filters::wordcount);
    }

    private Filters() {
    }

    /** Whether Jinja2 knows a filter of this name (parsing a template that uses another fails). */
    static boolean isKnown(String name) {
        return FILTERS.containsKey(name) || UNSUPPORTED.contains(name);
    }

    /**
     * Applies a filter by name.
     *
     * @param missingMessage the error for an unknown name, which differs between call sites in Jinja2
     */
    static Object apply(String name, Object value, List<Object> args, Map<String, Object> kwargs, String missingMessage) {
        Filter filter = FILTERS.get(name);
        if (filter == null) {
            if (UNSUPPORTED.contains(name)) {
                throw new JinjaError(JinjaError.Kind.UNSUPPORTED, "the '" + name + "' filter is not supported by this engine");
            }
            throw new JinjaError(JinjaError.Kind.TEMPLATE_RUNTIME, missingMessage);
        }
        return filter.apply(value, args, kwargs);
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** For filters taking only the value: Python's {@code str(value)}. */
    private static String str(Object value, List<Object> args, Map<String, Object> kwargs, String name) {
        Args.bind(name, args, kwargs);
        return Repr.str(value);
    }

    /** Jinja2's FilterArgumentError: the arguments make no sense for the filter. */
    private static JinjaError filterArgument(String message) {
        return new JinjaError(JinjaError.Kind.FILTER_ARGUMENT, message);
    }

    /**
     * Jinja2's {@code make_attrgetter}: follows a dotted path ({@code "a.b.0"}, digits as indexes)
     * with item-then-attribute lookup, optionally lower-casing strings and replacing undefined
     * by a default.
     */
    static UnaryOperator<Object> attributeGetter(Object attribute, boolean lowercase, Object defaultValue) {
        List<Object> parts = attributeParts(attribute);
        return item -> {
            for (Object part : parts) {
                item = Attributes.getitem(item, part);
                if (defaultValue != null && item instanceof Undefined) {
                    item = defaultValue;
                }
            }
            return lowercase && item instanceof String s ? PyStrings.lower(s) : item;
        };
    }

    private static List<Object> attributeParts(Object attribute) {
        List<Object> parts = new ArrayList<>();
        if (attribute instanceof String s) {
            for (Object part : PyStrings.split(s, ".", -1)) {
                String text = (String) part;
                parts.add(!text.isEmpty() && text.chars().allMatch(Character::isDigit) ? (Object) Long.parseLong(text) : text);
            }
        } else if (attribute != null) {
            parts.add(attribute);
        }
        return parts;
    }

    /** Jinja2's {@code make_multi_attrgetter}: a list of values, one per comma-separated path. */
    private static UnaryOperator<Object> multiAttributeGetter(Object attribute, boolean lowercase) {
        List<UnaryOperator<Object>> getters = new ArrayList<>();
        if (attribute instanceof String s) {
            for (Object one : PyStrings.split(s, ",", -1)) {
                getters.add(attributeGetter(one, lowercase, null));
            }
        } else {
            getters.add(attributeGetter(attribute, lowercase, null));
        }
        return item -> {
            List<Object> keys = new ArrayList<>();
            getters.forEach(getter -> keys.add(getter.apply(item)));
            return keys;
        };
    }

    /** Python's {@code sorted(items, key=key, reverse=reverse)}: stable, comparing keys with {@code <}. */
    static List<Object> sorted(List<Object> items, UnaryOperator<Object> key, boolean reverse) {
        List<Object[]> keyed = new ArrayList<>();
        items.forEach(item -> keyed.add(new Object[] {key.apply(item), item}));
        Comparator<Object[]> order = (a, b) -> Compare.order("<", a[0], b[0]) ? -1 : Compare.order("<", b[0], a[0]) ? 1 : 0;
        keyed.sort(reverse ? order.reversed() : order);
        List<Object> out = new ArrayList<>();
        keyed.forEach(pair -> out.add(pair[1]));
        return out;
    }

    // ---- filters ----------------------------------------------------------------------------

    private static Object abs(Object value, List<Object> args, Map<String, Object> kwargs) {
        Args.bind("abs", args, kwargs);
        if (value instanceof Double d) {
            return Math.abs(d);
        }
        if (Values.isInt(value)) {
            return Values.integer(Values.big(value).abs());
        }
        throw JinjaError.type("bad operand type for abs(): " + Repr.repr(Values.typeName(value)));
    }

    private static Object attr(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object name = Args.bind("attr", args, kwargs, "name", Args.REQUIRED)[0];
        if (value instanceof Undefined u) {
            throw u.error();
        }
        if (!(name instanceof String attribute)) {
            throw JinjaError.type("attribute name must be string, not " + Repr.repr(Values.typeName(name)));
        }
        Object found = Attributes.attribute(value, attribute);
        return found == Compare.MISSING ? Undefined.member(value, attribute) : found;
    }

    private static Object batch(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("batch", args, kwargs, "linecount", Args.REQUIRED, "fill_with", null);
        List<Object> items = Values.iterate(value);
        List<Object> batches = new ArrayList<>();
        List<Object> current = new ArrayList<>();
        for (Object item : items) {
            if (Compare.equal((long) current.size(), a[0])) {
                batches.add(current);
                current = new ArrayList<>();
            }
            current.add(item);
        }
        if (!current.isEmpty()) {
            if (a[1] != null && Compare.order("<", (long) current.size(), a[0])) {
                long missing = Values.longOf(Arithmetic.binary("-", a[0], (long) current.size()));
                for (long i = 0; i < missing; i++) {
                    current.add(a[1]);
                }
            }
            batches.add(current);
        }
        return new PyIterator("generator", batches.iterator());
    }

    private static Object center(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object width = Args.bind("center", args, kwargs, "width", 80L)[0];
        return PyStrings.justify("center", Repr.str(value), Values.index(width, ""), " ");
    }

    private static Object length(Object value, List<Object> args, Map<String, Object> kwargs) {
        Args.bind("length", args, kwargs);
        return (long) Values.length(value);
    }

    private static Object defaultValue(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("default", args, kwargs, "default_value", "", "boolean", false);
        if (value instanceof Undefined || (Values.truthy(a[1]) && !Values.truthy(value))) {
            return a[0];
        }
        return value;
    }

    private static Object dictsort(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("dictsort", args, kwargs, "case_sensitive", false, "by", "key", "reverse", false);
        int position;
        if (Compare.equal(a[1], "key")) {
            position = 0;
        } else if (Compare.equal(a[1], "value")) {
            position = 1;
        } else {
            throw filterArgument("You can only sort by either \"key\" or \"value\"");
        }
        if (value instanceof Undefined u) {
            throw u.error();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new JinjaError(JinjaError.Kind.ATTRIBUTE, Repr.repr(Values.typeName(value)) + " object has no attribute 'items'");
        }
        boolean lowercase = !Values.truthy(a[0]);
        List<Object> pairs = new ArrayList<>();
        map.forEach((k, v) -> pairs.add(PyTuple.of(k, v)));
        return sorted(pairs, pair -> {
            Object key = ((PyTuple) pair).get(position);
            return lowercase && key instanceof String s ? PyStrings.lower(s) : key;
        }, Values.truthy(a[2]));
    }

    /** markupsafe's {@code escape}. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;")
                .replace("\"", "&#34;");
    }

    private static Object filesizeformat(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object binary = Args.bind("filesizeformat", args, kwargs, "binary", false)[0];
        double bytes = toDouble(value);
        boolean bin = Values.truthy(binary);
        int base = bin ? 1024 : 1000;
        String[] prefixes = bin ? new String[] {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"}
                : new String[] {"kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
        if (bytes == 1) {
            return "1 Byte";
        }
        if (bytes < base) {
            return (long) bytes + " Bytes";
        }
        double unit = 0;
        String prefix = "";
        for (int i = 0; i < prefixes.length; i++) {
            unit = Math.pow(base, i + 2);
            prefix = prefixes[i];
            if (bytes < unit) {
                break;
            }
        }
        return NumberText.fixed(base * bytes / unit, 1, false) + " " + prefix;
    }

    private static Object first(Object value, List<Object> args, Map<String, Object> kwargs) {
        Args.bind("first", args, kwargs);
        List<Object> items = Values.iterate(value);
        return items.isEmpty() ? Undefined.hint("No first item, sequence was empty.") : items.get(0);
    }

    private static Object last(Object value, List<Object> args, Map<String, Object> kwargs) {
        Args.bind("last", args, kwargs);
        if (value instanceof PyIterator iterator) {
            throw JinjaError.type(Repr.repr(iterator.typeName()) + " object is not reversible");
        }
        List<Object> items = Values.iterate(value);
        return items.isEmpty() ? Undefined.hint("No last item, sequence was empty.") : items.get(items.size() - 1);
    }

    /** Python's {@code float(x)}, or null where Python raises TypeError/ValueError. */
    private static Double parseFloat(Object value) {
        if (value instanceof Undefined u) {
            throw u.error();
        }
        if (Values.isNumber(value)) {
            return Values.doubleOf(value);
        }
        if (value instanceof String s) {
            String text = PyStrings.strip(s, null, true, true).toLowerCase(java.util.Locale.ROOT);
            String unsigned = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
            boolean negative = text.startsWith("-");
            if (unsigned.equals("inf") || unsigned.equals("infinity")) {
                return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (unsigned.equals("nan")) {
                return Double.NaN;
            }
            if (!unsigned.matches("(\\d(_?\\d)*)?(\\.(\\d(_?\\d)*)?)?(e[+-]?\\d(_?\\d)*)?") || !unsigned.matches(".*\\d.*")
                    || unsigned.startsWith("e") || unsigned.matches("\\.e.*")) {
                return null;
            }
            return Double.parseDouble(text.replace("_", ""));
        }
        return null;
    }

    private static double toDouble(Object value) {
        Double parsed = parseFloat(value);
        if (parsed == null) {
            throw JinjaError.value("could not convert string to float: " + Repr.repr(value));
        }
        return parsed;
    }

    private static Object toFloat(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object fallback = Args.bind("float", args, kwargs, "default", 0.0)[0];
        Double parsed = parseFloat(value);
        return parsed == null ? fallback : parsed;
    }

    private static Object toInt(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("int", args, kwargs, "default", 0L, "base", 10L);
        if (value instanceof Undefined u) {
            throw u.error();
        }
        if (value instanceof String s) {
            Object parsed = IntParser.parse(s, Values.index(a[1], ""));
            if (parsed != null) {
                return parsed;
            }
        } else if (Values.isInt(value)) {
            return Values.integer(Values.big(value));
        } else if (value instanceof Double d) {
            return truncate(d, a[0]);
        }
        // Jinja2's fallback so that "42.23"|int gives 42
        Double parsed = parseFloat(value);
        return parsed == null ? a[0] : truncate(parsed, a[0]);
    }

    private static Object truncate(double d, Object fallback) {
        if (Double.isNaN(d)) {
            return fallback;
        }
        if (Double.isInfinite(d)) {
            throw new JinjaError(JinjaError.Kind.OVERFLOW, "cannot convert float infinity to integer");
        }
        return Values.integer(new BigDecimal(d).toBigInteger());
    }

    private static Object format(Object value, List<Object> args, Map<String, Object> kwargs) {
        if (!args.isEmpty() && !kwargs.isEmpty()) {
            throw filterArgument("can't handle positional and keyword arguments at the same time");
        }
        Object arguments = !kwargs.isEmpty() ? new LinkedHashMap<Object, Object>(kwargs) : new PyTuple(args);
        return PercentFormat.format(Repr.str(value), arguments);
    }

    private static Object groupby(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("groupby", args, kwargs, "attribute", Args.REQUIRED, "default", null,
                "case_sensitive", false);
        boolean lowercase = !Values.truthy(a[2]);
        UnaryOperator<Object> key = attributeGetter(a[0], lowercase, a[1]);
        List<Object> groups = new ArrayList<>();
        List<Object> group = null;
        Object groupKey = null;
        for (Object item : sorted(Values.iterate(value), key, false)) {
            Object itemKey = key.apply(item);
            if (group == null || !Compare.equal(itemKey, groupKey)) {
                group = new ArrayList<>();
                groupKey = itemKey;
                groups.add(new Object[] {itemKey, group});
            }
            group.add(item);
        }
        UnaryOperator<Object> original = attributeGetter(a[0], false, a[1]);
        List<Object> out = new ArrayList<>();
        for (Object g : groups) {
            Object[] pair = (Object[]) g;
            @SuppressWarnings("unchecked")
            List<Object> items = (List<Object>) pair[1];
            out.add(new GroupTuple(lowercase ? original.apply(items.get(0)) : pair[0], items));
        }
        return out;
    }

    private static Object indent(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("indent", args, kwargs, "width", 4L, "first", false, "blank", false);
        String indention = a[0] instanceof String s ? s : (String) Arithmetic.binary("*", " ", a[0]);
        String text = (String) Arithmetic.binary("+", value, "\n"); // Jinja2 appends a newline for splitlines
        List<Object> lines = PyStrings.splitlines(text, false);
        String result;
        if (Values.truthy(a[2])) {
            List<Object> parts = new ArrayList<>(lines);
            result = Methods.join("\n" + indention, parts);
        } else {
            StringBuilder out = new StringBuilder((String) lines.get(0));
            for (int i = 1; i < lines.size(); i++) {
                String line = (String) lines.get(i);
                out.append('\n').append(line.isEmpty() ? line : indention + line);
            }
            result = out.toString();
        }
        return Values.truthy(a[1]) ? indention + result : result;
    }

    private static Object items(Object value, List<Object> args, Map<String, Object> kwargs) {
        Args.bind("items", args, kwargs);
        if (value instanceof Undefined) {
            return new PyIterator("generator", Collections.emptyIterator());
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw JinjaError.type("Can only get item pairs from a mapping.");
        }
        List<Object> pairs = new ArrayList<>();
        map.forEach((k, v) -> pairs.add(PyTuple.of(k, v)));
        return new PyIterator("generator", pairs.iterator());
    }

    private static Object join(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("join", args, kwargs, "d", "", "attribute", null);
        List<Object> items = Values.iterate(value);
        UnaryOperator<Object> getter = a[1] == null ? UnaryOperator.identity() : attributeGetter(a[1], false, null);
        StringBuilder out = new StringBuilder();
        String separator = Repr.str(a[0]);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(separator);
            }
            out.append(Repr.str(getter.apply(items.get(i))));
        }
        return out.toString();
    }

    private static Object map(Object value, List<Object> args, Map<String, Object> kwargs) {
        if (!Values.truthy(value)) {
            return new PyIterator("generator", Collections.emptyIterator());
        }
        UnaryOperator<Object> function;
        if (args.isEmpty() && kwargs.containsKey("attribute")) {
            Map<String, Object> rest = new LinkedHashMap<>(kwargs);
            Object attribute = rest.remove("attribute");
            Object fallback = rest.remove("default");
            if (!rest.isEmpty()) {
                throw filterArgument("Unexpected keyword argument " + Repr.repr(rest.keySet().iterator().next()));
            }
            function = attributeGetter(attribute, false, fallback);
        } else {
            if (args.isEmpty()) {
                throw filterArgument("map requires a filter argument");
            }
            String name = Repr.str(args.get(0));
            List<Object> rest = args.subList(1, args.size());
            function = item -> apply(name, item, rest, kwargs, "No filter named " + Repr.repr(name) + ".");
        }
        return new PyIterator("generator", Values.iterate(value).stream().map(function).iterator());
    }

    private static Object minOrMax(Object value, List<Object> args, Map<String, Object> kwargs, boolean min) {
        Object[] a = Args.bind(min ? "min" : "max", args, kwargs, "case_sensitive", false, "attribute", null);
        List<Object> items = Values.iterate(value);
        if (items.isEmpty()) {
            return Undefined.hint("No aggregated item, sequence was empty.");
        }
        UnaryOperator<Object> key = attributeGetter(a[1], !Values.truthy(a[0]), null);
        Object best = items.get(0);
        Object bestKey = key.apply(best);
        for (Object item : items.subList(1, items.size())) {
            Object itemKey = key.apply(item);
            if (Compare.order(min ? "<" : ">", itemKey, bestKey)) {
                best = item;
                bestKey = itemKey;
            }
        }
        return best;
    }

    private static Object pprint(Object value, List<Object> args, Map<String, Object> kwargs) {
        Args.bind("pprint", args, kwargs);
        String text = Repr.repr(sortedDicts(value));
        if (text.length() > 80) {
            throw new JinjaError(JinjaError.Kind.UNSUPPORTED, "pprint of values longer than 80 characters is not supported");
        }
        return text;
    }

    /** pprint sorts dict keys; within 80 columns that is its only difference from repr. */
    private static Object sortedDicts(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> sortedMap = new LinkedHashMap<>();
            sorted(new ArrayList<>(map.keySet()), UnaryOperator.identity(), false)
                    .forEach(key -> sortedMap.put(key, sortedDicts(map.get(key))));
            return sortedMap;
        }
        if (value instanceof List<?> list && !(value instanceof PyRange)) {
            List<Object> items = new ArrayList<>();
            list.forEach(item -> items.add(sortedDicts(item)));
            return value instanceof PyTuple ? new PyTuple(items) : items;
        }
        return value;
    }

    private static Object replace(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("replace", args, kwargs, "old", Args.REQUIRED, "new", Args.REQUIRED, "count", null);
        long count = a[2] == null ? -1 : Values.index(a[2], "");
        return PyStrings.replace(Repr.str(value), Repr.str(a[0]), Repr.str(a[1]), count);
    }

    private static Object reverse(Object value, List<Object> args, Map<String, Object> kwargs) {
        Args.bind("reverse", args, kwargs);
        if (value instanceof String s) {
            return new StringBuilder(s).reverse().toString(); // surrogate pairs stay in order
        }
        if (!Values.isIterable(value)) {
            throw filterArgument("argument must be iterable");
        }
        List<Object> items = Values.iterate(value);
        Collections.reverse(items);
        String type = value instanceof PyIterator ? "list" : value instanceof PyTuple ? "reversed"
                : value instanceof Map ? "dict_reversekeyiterator" : "list_reverseiterator";
        return type.equals("list") ? items : new PyIterator(type, items.iterator());
    }

    private static Object round(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("round", args, kwargs, "precision", 0L, "method", "common");
        String method = Repr.str(a[1]);
        if (!Set.of("common", "ceil", "floor").contains(method) || !(a[1] instanceof String)) {
            throw filterArgument("method must be common, ceil or floor");
        }
        int precision = Values.index(a[0], "");
        if (method.equals("common")) {
            if (Values.isInt(value)) {
                // int.__round__ keeps an int
                return precision >= 0 ? Values.integer(Values.big(value))
                        : Values.integer(new BigDecimal(Values.big(value)).setScale(precision, RoundingMode.HALF_EVEN)
                        .toBigInteger());
            }
            if (!(value instanceof Double d)) {
                throw JinjaError.type("type " + Values.typeName(value) + " doesn't define __round__ method");
            }
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return d;
            }
            double rounded = new BigDecimal(d).setScale(precision, RoundingMode.HALF_EVEN).doubleValue();
            return rounded == 0.0 ? Math.copySign(0.0, d) : rounded;
        }
        Object scaled = Arithmetic.binary("*", value, Arithmetic.binary("**", 10L, (long) precision));
        double x = Values.doubleOf(scaled);
        double rounded = method.equals("ceil") ? Math.ceil(x) : Math.floor(x);
        return Arithmetic.binary("/", Values.integer(new BigDecimal(rounded).toBigInteger()),
                Arithmetic.binary("**", 10L, (long) precision));
    }

    private static Object selectOrReject(Object value, List<Object> args, Map<String, Object> kwargs,
                                         boolean lookupAttribute, boolean reject) {
        if (!Values.truthy(value)) {
            return new PyIterator("generator", Collections.emptyIterator());
        }
        UnaryOperator<Object> transform = UnaryOperator.identity();
        int offset = 0;
        if (lookupAttribute) {
            if (args.isEmpty()) {
                throw filterArgument("Missing parameter for attribute name");
            }
            transform = attributeGetter(args.get(0), false, null);
            offset = 1;
        }
        java.util.function.Predicate<Object> test;
        if (args.size() > offset) {
            String name = Repr.str(args.get(offset));
            List<Object> rest = args.subList(offset + 1, args.size());
            test = item -> Tests.apply(name, item, rest, kwargs, "No test named " + Repr.repr(name) + ".");
        } else {
            test = Values::truthy;
        }
        UnaryOperator<Object> finalTransform = transform;
        return new PyIterator("generator", Values.iterate(value).stream()
                .filter(item -> test.test(finalTransform.apply(item)) != reject).iterator());
    }

    private static Object slice(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("slice", args, kwargs, "slices", Args.REQUIRED, "fill_with", null);
        List<Object> items = Values.iterate(value);
        int slices = Values.index(a[0], "");
        if (slices == 0) {
            throw new JinjaError(JinjaError.Kind.ZERO_DIVISION, "integer division or modulo by zero");
        }
        int perSlice = Math.floorDiv(items.size(), slices);
        int withExtra = Math.floorMod(items.size(), slices);
        int offset = 0;
        List<Object> out = new ArrayList<>();
        for (int number = 0; number < slices; number++) {
            int start = offset + number * perSlice;
            if (number < withExtra) {
                offset++;
            }
            int end = offset + (number + 1) * perSlice;
            List<Object> part = new ArrayList<>(items.subList(Math.min(start, items.size()), Math.min(end, items.size())));
            if (a[1] != null && number >= withExtra) {
                part.add(a[1]);
            }
            out.add(part);
        }
        return new PyIterator("generator", out.iterator());
    }

    private static Object sort(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("sort", args, kwargs, "reverse", false, "case_sensitive", false, "attribute", null);
        return sorted(Values.iterate(value), multiAttributeGetter(a[2], !Values.truthy(a[1])), Values.truthy(a[0]));
    }

    private static final Pattern COMMENTS = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern TAGS = Pattern.compile("<.*?>", Pattern.DOTALL);
    private static final Pattern ENTITIES = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos|#39|#34);");

    private static Object striptags(Object value, List<Object> args, Map<String, Object> kwargs) {
        Args.bind("striptags", args, kwargs);
        String text = TAGS.matcher(COMMENTS.matcher(Repr.str(value)).replaceAll("")).replaceAll("");
        text = Methods.join(" ", PyStrings.split(text, null, -1));
        Matcher m = ENTITIES.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String entity = m.group(1);
            String replacement = switch (entity) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> new String(Character.toChars(entity.startsWith("#x")
                        ? Integer.parseInt(entity.substring(2), 16) : Integer.parseInt(entity.substring(1))));
            };
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Object sum(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("sum", args, kwargs, "attribute", null, "start", 0L);
        if (a[1] instanceof String) {
            throw JinjaError.type("sum() can't sum strings [use ''.join(seq) instead]");
        }
        UnaryOperator<Object> getter = a[0] == null ? UnaryOperator.identity() : attributeGetter(a[0], false, null);
        Object total = a[1];
        for (Object item : Values.iterate(value)) {
            total = Arithmetic.binary("+", total, getter.apply(item));
        }
        return total;
    }

    private static final Pattern WORD_BEGINNING = Pattern.compile("([-\\s({\\[<]+)", Pattern.UNICODE_CHARACTER_CLASS);

    /** Jinja2's own title-casing: upper-case the first character after spaces, dashes and brackets. */
    private static Object title(Object value, List<Object> args, Map<String, Object> kwargs) {
        String text = str(value, args, kwargs, "title");
        StringBuilder out = new StringBuilder();
        Matcher m = WORD_BEGINNING.matcher(text);
        int last = 0;
        List<String> pieces = new ArrayList<>();
        while (m.find()) {
            pieces.add(text.substring(last, m.start()));
            pieces.add(m.group());
            last = m.end();
        }
        pieces.add(text.substring(last));
        for (String piece : pieces) {
            if (!piece.isEmpty()) {
                int first = piece.codePointAt(0);
                out.append(PyStrings.upper(new String(Character.toChars(first))))
                        .append(PyStrings.lower(piece.substring(Character.charCount(first))));
            }
        }
        return out.toString();
    }

    private static Object tojson(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("tojson", args, kwargs, "ensure_ascii", false, "indent", null, "separators", null,
                "sort_keys", false);
        return Json.dumps(value, Values.truthy(a[0]), a[1], a[2], Values.truthy(a[3]));
    }

    private static Object trim(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object chars = Args.bind("trim", args, kwargs, "chars", null)[0];
        if (chars != null && !(chars instanceof String)) {
            throw JinjaError.type("strip arg must be None or str");
        }
        return PyStrings.strip(Repr.str(value), (String) chars, true, true);
    }

    private static Object truncate(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("truncate", args, kwargs, "length", 255L, "killwords", false, "end", "...", "leeway", null);
        if (!(value instanceof String s)) {
            throw JinjaError.type("object of type " + Repr.repr(Values.typeName(value)) + " has no len()");
        }
        int length = Values.index(a[0], "");
        String end = Repr.str(a[2]);
        int leeway = a[3] == null ? 5 : Values.index(a[3], "");
        if (length < PyStrings.length(end)) {
            throw new JinjaError(JinjaError.Kind.ASSERTION, "expected length >= " + PyStrings.length(end) + ", got " + length);
        }
        if (leeway < 0) {
            throw new JinjaError(JinjaError.Kind.ASSERTION, "expected leeway >= 0, got " + leeway);
        }
        if (PyStrings.length(s) <= length + leeway) {
            return s;
        }
        String head = PyStrings.substring(s, 0, length - PyStrings.length(end));
        if (Values.truthy(a[1])) {
            return head + end;
        }
        return PyStrings.rsplit(head, " ", 1).get(0) + end;
    }

    private static Object unique(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("unique", args, kwargs, "case_sensitive", false, "attribute", null);
        UnaryOperator<Object> key = attributeGetter(a[1], !Values.truthy(a[0]), null);
        List<Object> seen = new ArrayList<>();
        List<Object> out = new ArrayList<>();
        for (Object item : Values.iterate(value)) {
            Object itemKey = key.apply(item);
            if ((itemKey instanceof List && !(itemKey instanceof PyTuple)) || itemKey instanceof Map) {
                throw JinjaError.type("unhashable type: " + Repr.repr(Values.typeName(itemKey)));
            }
            if (seen.stream().noneMatch(s -> Compare.equal(s, itemKey))) {
                seen.add(itemKey);
                out.add(item);
            }
        }
        return new PyIterator("generator", out.iterator());
    }

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+");

    private static Object wordcount(Object value, List<Object> args, Map<String, Object> kwargs) {
        Matcher m = WORD.matcher(str(value, args, kwargs, "wordcount"));
        long count = 0;
        while (m.find()) {
            count++;
        }
        return count;
    }
}
