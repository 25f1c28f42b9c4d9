package dev.cpotoolkit.data.chat.jinja;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Jinja2's built-in tests ({@code x is defined}, {@code x is divisibleby 3}, ...), with Python's semantics. */
final class Tests {

    /** A test: the value before {@code is}, then the test's arguments. */
    @FunctionalInterface
    interface Test {
        boolean test(Object value, List<Object> args);
    }

    private static final Map<String, Test> TESTS = new HashMap<>();

    static {
        TESTS.put("odd", (v, a) -> Compare.equal(Arithmetic.binary("%", v, 2L), 1L));
        TESTS.put("even", (v, a) -> Compare.equal(Arithmetic.binary("%", v, 2L), 0L));
        TESTS.put("divisibleby", (v, a) -> Compare.equal(Arithmetic.binary("%", v, arg(a, 0, "divisibleby")), 0L));
        TESTS.put("defined", (v, a) -> !(v instanceof Undefined));
        TESTS.put("undefined", (v, a) -> v instanceof Undefined);
        TESTS.put("filter", (v, a) -> v instanceof String name && Filters.isKnown(name));
        TESTS.put("test", (v, a) -> v instanceof String name && isKnown(name));
        TESTS.put("none", (v, a) -> v == null);
        TESTS.put("boolean", (v, a) -> v instanceof Boolean);
        TESTS.put("false", (v, a) -> Boolean.FALSE.equals(v));
        TESTS.put("true", (v, a) -> Boolean.TRUE.equals(v));
        TESTS.put("integer", (v, a) -> v instanceof Long || v instanceof java.math.BigInteger);
        TESTS.put("float", (v, a) -> v instanceof Double);
        TESTS.put("lower", (v, a) -> PyStrings.test("islower", Repr.str(v)));
        TESTS.put("upper", (v, a) -> PyStrings.test("isupper", Repr.str(v)));
        TESTS.put("string", (v, a) -> v instanceof String);
        TESTS.put("mapping", (v, a) -> v instanceof Map);
        TESTS.put("number", (v, a) -> Values.isNumber(v));
        TESTS.put("sequence", (v, a) -> v instanceof String || v instanceof List || v instanceof Map || v instanceof Undefined);
        TESTS.put("iterable", (v, a) -> Values.isIterable(v));
        TESTS.put("callable", (v, a) -> v instanceof JinjaCallable || v instanceof Undefined); // Undefined has __call__
        TESTS.put("sameas", (v, a) -> Compare.same(v, arg(a, 0, "sameas")));
        TESTS.put("escaped", (v, a) -> false);
        TESTS.put("in", (v, a) -> Compare.contains(arg(a, 0, "in"), v));
        Test eq = (v, a) -> Compare.equal(v, arg(a, 0, "eq"));
        Test ne = (v, a) -> !Compare.equal(v, arg(a, 0, "ne"));
        Test gt = (v, a) -> Compare.order(">", v, arg(a, 0, "gt"));
        Test ge = (v, a) -> Compare.order(">=", v, arg(a, 0, "ge"));
        Test lt = (v, a) -> Compare.order("<", v, arg(a, 0, "lt"));
        Test le = (v, a) -> Compare.order("<=", v, arg(a, 0, "le"));
        for (String name : new String[] {"==", "eq", "equalto"}) {
            TESTS.put(name, eq);
        }
        for (String name : new String[] {"!=", "ne"}) {
            TESTS.put(name, ne);
        }
        for (String name : new String[] {">", "gt", "greaterthan"}) {
            TESTS.put(name, gt);
        }
        for (String name : new String[] {">=", "ge"}) {
            TESTS.put(name, ge);
        }
        for (String name : new String[] {"<", "lt", "lessthan"}) {
            TESTS.put(name, lt);
        }
        for (String name : new String[] {"<=", "le"}) {
            TESTS.put(name, le);
        }
    }

    private Tests() {
    }

    static boolean isKnown(String name) {
        return TESTS.containsKey(name);
    }

    private static Object arg(List<Object> args, int index, String test) {
        if (args.size() <= index) {
            throw JinjaError.type(test + "() missing required argument");
        }
        return args.get(index);
    }

    /**
     * Runs a test by name.
     *
     * @param missingMessage the error for an unknown name, which differs between call sites in Jinja2
     */
    static boolean apply(String name, Object value, List<Object> args, Map<String, Object> kwargs, String missingMessage) {
        Test test = TESTS.get(name);
        if (test == null) {
            throw new JinjaError(JinjaError.Kind.TEMPLATE_RUNTIME, missingMessage);
        }
        if (!kwargs.isEmpty()) {
            if (args.isEmpty() && kwargs.size() == 1) {
                // tests take their argument positionally in practice; accept the one keyword too
                return test.test(value, List.of(kwargs.values().iterator().next()));
            }
            throw JinjaError.type("test " + Repr.repr(name) + " got unexpected keyword arguments");
        }
        return test.test(value, args);
    }
}
