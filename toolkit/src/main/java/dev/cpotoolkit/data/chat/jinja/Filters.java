package dev.cpotoolkit.data.chat.jinja;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The registry of Jinja2's built-in filters (with transformers' {@code tojson}) and what they
 * share: argument helpers, Jinja2's attribute getters and Python's sort. The filters themselves
 * live in {@link TextFilters}, {@link NumberFilters} and {@link SequenceFilters}; each follows
 * the Python source of Jinja2 3.1 (argument names and defaults, what it does with undefined and
 * with odd types), and those that return generators in Python return a lazy {@link PyIterator}.
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
        FILTERS.put("attr", Filters::attr);
        FILTERS.put("default", Filters::defaultValue);
        FILTERS.put("d", Filters::defaultValue);
        FILTERS.put("pprint", Filters::pprint);
        FILTERS.put("tojson", Filters::tojson);
        TextFilters.register(FILTERS);
        NumberFilters.register(FILTERS);
        SequenceFilters.register(FILTERS);
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
    static String str(Object value, List<Object> args, Map<String, Object> kwargs, String name) {
        Args.bind(name, args, kwargs);
        return Repr.str(value);
    }

    /** Jinja2's FilterArgumentError: the arguments make no sense for the filter. */
    static JinjaError filterArgument(String message) {
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
    static UnaryOperator<Object> multiAttributeGetter(Object attribute, boolean lowercase) {
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

    // ---- the filters kept here: the ones about any value ----------------------------------

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

    private static Object defaultValue(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("default", args, kwargs, "default_value", "", "boolean", false);
        if (value instanceof Undefined || (Values.truthy(a[1]) && !Values.truthy(value))) {
            return a[0];
        }
        return value;
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

    private static Object tojson(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("tojson", args, kwargs, "ensure_ascii", false, "indent", null, "separators", null,
                "sort_keys", false);
        return Json.dumps(value, Values.truthy(a[0]), a[1], a[2], Values.truthy(a[3]));
    }
}
