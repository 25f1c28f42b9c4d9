package dev.cpotoolkit.data.chat.jinja;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Jinja2's filters on sequences and dicts: picking ({@code first}, {@code select}, ...),
 * reshaping ({@code batch}, {@code slice}, {@code groupby}), ordering ({@code sort},
 * {@code dictsort}) and folding ({@code join}, {@code sum}, {@code min}, {@code max}).
 */
final class SequenceFilters {

    private SequenceFilters() {
    }

    static void register(Map<String, Filters.Filter> filters) {
        filters.put("batch", SequenceFilters::batch);
        filters.put("count", SequenceFilters::length);
        filters.put("length", SequenceFilters::length);
        filters.put("dictsort", SequenceFilters::dictsort);
        filters.put("first", SequenceFilters::first);
        filters.put("last", SequenceFilters::last);
        filters.put("groupby", SequenceFilters::groupby);
        filters.put("items", SequenceFilters::items);
        filters.put("join", SequenceFilters::join);
        filters.put("list", (v, a, k) -> {
            Args.bind("list", a, k);
            return Values.iterate(v);
        });
        filters.put("map", SequenceFilters::map);
        filters.put("max", (v, a, k) -> minOrMax(v, a, k, false));
        filters.put("min", (v, a, k) -> minOrMax(v, a, k, true));
        filters.put("reverse", SequenceFilters::reverse);
        filters.put("select", (v, a, k) -> selectOrReject(v, a, k, false, false));
        filters.put("reject", (v, a, k) -> selectOrReject(v, a, k, false, true));
        filters.put("selectattr", (v, a, k) -> selectOrReject(v, a, k, true, false));
        filters.put("rejectattr", (v, a, k) -> selectOrReject(v, a, k, true, true));
        filters.put("slice", SequenceFilters::slice);
        filters.put("sort", SequenceFilters::sort);
        filters.put("sum", SequenceFilters::sum);
        filters.put("unique", SequenceFilters::unique);
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

    private static Object length(Object value, List<Object> args, Map<String, Object> kwargs) {
        Args.bind("length", args, kwargs);
        return (long) Values.length(value);
    }

    private static Object dictsort(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("dictsort", args, kwargs, "case_sensitive", false, "by", "key", "reverse", false);
        int position;
        if (Compare.equal(a[1], "key")) {
            position = 0;
        } else if (Compare.equal(a[1], "value")) {
            position = 1;
        } else {
            throw Filters.filterArgument("You can only sort by either \"key\" or \"value\"");
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
        return Filters.sorted(pairs, pair -> {
            Object key = ((PyTuple) pair).get(position);
            return lowercase && key instanceof String s ? PyStrings.lower(s) : key;
        }, Values.truthy(a[2]));
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

    private static Object groupby(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("groupby", args, kwargs, "attribute", Args.REQUIRED, "default", null,
                "case_sensitive", false);
        boolean lowercase = !Values.truthy(a[2]);
        UnaryOperator<Object> key = Filters.attributeGetter(a[0], lowercase, a[1]);
        List<Object> groups = new ArrayList<>();
        List<Object> group = null;
        Object groupKey = null;
        for (Object item : Filters.sorted(Values.iterate(value), key, false)) {
            Object itemKey = key.apply(item);
            if (group == null || !Compare.equal(itemKey, groupKey)) {
                group = new ArrayList<>();
                groupKey = itemKey;
                groups.add(new Object[] {itemKey, group});
            }
            group.add(item);
        }
        UnaryOperator<Object> original = Filters.attributeGetter(a[0], false, a[1]);
        List<Object> out = new ArrayList<>();
        for (Object g : groups) {
            Object[] pair = (Object[]) g;
            @SuppressWarnings("unchecked")
            List<Object> items = (List<Object>) pair[1];
            out.add(new GroupTuple(lowercase ? original.apply(items.get(0)) : pair[0], items));
        }
        return out;
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
        UnaryOperator<Object> getter = a[1] == null ? UnaryOperator.identity() : Filters.attributeGetter(a[1], false, null);
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
                throw Filters.filterArgument("Unexpected keyword argument " + Repr.repr(rest.keySet().iterator().next()));
            }
            function = Filters.attributeGetter(attribute, false, fallback);
        } else {
            if (args.isEmpty()) {
                throw Filters.filterArgument("map requires a filter argument");
            }
            String name = Repr.str(args.get(0));
            List<Object> rest = args.subList(1, args.size());
            function = item -> Filters.apply(name, item, rest, kwargs, "No filter named " + Repr.repr(name) + ".");
        }
        return new PyIterator("generator", Values.iterate(value).stream().map(function).iterator());
    }

    private static Object minOrMax(Object value, List<Object> args, Map<String, Object> kwargs, boolean min) {
        Object[] a = Args.bind(min ? "min" : "max", args, kwargs, "case_sensitive", false, "attribute", null);
        List<Object> items = Values.iterate(value);
        if (items.isEmpty()) {
            return Undefined.hint("No aggregated item, sequence was empty.");
        }
        UnaryOperator<Object> key = Filters.attributeGetter(a[1], !Values.truthy(a[0]), null);
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

    private static Object reverse(Object value, List<Object> args, Map<String, Object> kwargs) {
        Args.bind("reverse", args, kwargs);
        if (value instanceof String s) {
            return new StringBuilder(s).reverse().toString(); // surrogate pairs stay in order
        }
        if (!Values.isIterable(value)) {
            throw Filters.filterArgument("argument must be iterable");
        }
        List<Object> items = Values.iterate(value);
        Collections.reverse(items);
        String type = value instanceof PyIterator ? "list" : value instanceof PyTuple ? "reversed"
                : value instanceof Map ? "dict_reversekeyiterator" : "list_reverseiterator";
        return type.equals("list") ? items : new PyIterator(type, items.iterator());
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
                throw Filters.filterArgument("Missing parameter for attribute name");
            }
            transform = Filters.attributeGetter(args.get(0), false, null);
            offset = 1;
        }
        Predicate<Object> test;
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
        int slices = Values.index(a[0]);
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
        return Filters.sorted(Values.iterate(value), Filters.multiAttributeGetter(a[2], !Values.truthy(a[1])), Values.truthy(a[0]));
    }

    private static Object sum(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("sum", args, kwargs, "attribute", null, "start", 0L);
        if (a[1] instanceof String) {
            throw JinjaError.type("sum() can't sum strings [use ''.join(seq) instead]");
        }
        UnaryOperator<Object> getter = a[0] == null ? UnaryOperator.identity() : Filters.attributeGetter(a[0], false, null);
        Object total = a[1];
        for (Object item : Values.iterate(value)) {
            total = Arithmetic.binary("+", total, getter.apply(item));
        }
        return total;
    }

    private static Object unique(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("unique", args, kwargs, "case_sensitive", false, "attribute", null);
        UnaryOperator<Object> key = Filters.attributeGetter(a[1], !Values.truthy(a[0]), null);
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
}
