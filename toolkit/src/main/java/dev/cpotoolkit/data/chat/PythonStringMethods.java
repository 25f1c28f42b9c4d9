package dev.cpotoolkit.data.chat;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Makes the Python string methods that Hugging Face chat templates call work under Jinjava.
 *
 * <p>Jinja2 lets templates call methods of Python {@code str} ({@code content.strip()}); Jinjava
 * only sees Java {@code String} methods. Before compiling, {@link #rewrite(String)} turns every
 * supported method call inside a Jinja tag into a filter call with the same meaning:
 * {@code x.strip()} becomes {@code x|py_strip()}. Filters bind to the same operand as the method
 * call did (both are postfix and bind tighter than {@code +} or {@code not}), so the expression's
 * meaning does not change. Text outside tags and inside string literals is left untouched.
 *
 * <p>Supported: {@code strip, lstrip, rstrip} (optional characters argument),
 * {@code startswith, endswith} (a string or a list of strings), {@code upper, lower, title,
 * capitalize}, {@code split} (no argument: runs of whitespace; else a literal separator),
 * {@code replace(old, new)}. Other methods are passed to Jinjava unchanged, which resolves them
 * as Java methods where one of that name exists.
 */
final class PythonStringMethods {

    /** Filter names get this prefix so they never shadow Jinjava's own filters. */
    static final String FILTER_PREFIX = "py_";

    private static final Set<String> METHODS = Set.of(
            "strip", "lstrip", "rstrip", "startswith", "endswith",
            "upper", "lower", "title", "capitalize", "split", "replace");

    private PythonStringMethods() {
    }

    /**
     * Rewrites supported method calls inside {@code {{ }}} and {@code {% %}} tags into filters.
     *
     * @param template the Jinja2 source
     * @return the source Jinjava should compile
     */
    static String rewrite(String template) {
        StringBuilder out = new StringBuilder(template.length() + 32);
        int i = 0;
        int n = template.length();
        while (i < n) {
            int open = nextTagOpen(template, i);
            if (open < 0) {
                out.append(template, i, n);
                break;
            }
            out.append(template, i, open);
            char kind = template.charAt(open + 1);
            if (kind == '#') {
                int close = template.indexOf("#}", open + 2);
                int end = close < 0 ? n : close + 2;
                out.append(template, open, end);
                i = end;
                continue;
            }
            String closer = kind == '{' ? "}}" : "%}";
            i = rewriteTag(template, open, closer, out);
        }
        return out.toString();
    }

    private static int nextTagOpen(String s, int from) {
        for (int i = from; i < s.length() - 1; i++) {
            if (s.charAt(i) == '{') {
                char next = s.charAt(i + 1);
                if (next == '{' || next == '%' || next == '#') {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Copies one tag, rewriting method calls outside string literals; returns the index after it. */
    private static int rewriteTag(String s, int open, String closer, StringBuilder out) {
        int i = open + 2;
        out.append(s, open, i);
        char quote = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == '\\' && i + 1 < s.length()) {
                    out.append(s.charAt(i + 1));
                    i += 2;
                    continue;
                }
                if (c == quote) {
                    quote = 0;
                }
                i++;
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                out.append(c);
                i++;
                continue;
            }
            if (s.startsWith(closer, i)) {
                out.append(closer);
                return i + closer.length();
            }
            if (c == '.' && i > open + 2 && endsOperand(s.charAt(i - 1))) {
                int nameEnd = i + 1;
                while (nameEnd < s.length() && Character.isLetter(s.charAt(nameEnd))) {
                    nameEnd++;
                }
                String name = s.substring(i + 1, nameEnd);
                if (METHODS.contains(name) && nameEnd < s.length() && s.charAt(nameEnd) == '(') {
                    out.append('|').append(FILTER_PREFIX).append(name);
                    i = nameEnd;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return i;
    }

    private static boolean endsOperand(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ']' || c == ')' || c == '\'' || c == '"';
    }

    /**
     * The filters that implement the rewritten methods.
     *
     * @return one filter per supported method
     */
    static List<Filter> filters() {
        List<Filter> filters = new ArrayList<>();
        filters.add(filter("strip", (s, a) -> stripChars(s, arg(a, 0), true, true)));
        filters.add(filter("lstrip", (s, a) -> stripChars(s, arg(a, 0), true, false)));
        filters.add(filter("rstrip", (s, a) -> stripChars(s, arg(a, 0), false, true)));
        filters.add(filter("startswith", (s, a) -> matchesAny(s, a, true)));
        filters.add(filter("endswith", (s, a) -> matchesAny(s, a, false)));
        filters.add(filter("upper", (s, a) -> s.toUpperCase(Locale.ROOT)));
        filters.add(filter("lower", (s, a) -> s.toLowerCase(Locale.ROOT)));
        filters.add(filter("title", (s, a) -> title(s)));
        filters.add(filter("capitalize", (s, a) -> s.isEmpty() ? s
                : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT)));
        filters.add(filter("split", (s, a) -> split(s, arg(a, 0))));
        filters.add(filter("replace", (s, a) -> {
            if (a.length < 2) {
                throw new IllegalArgumentException("replace() needs two arguments");
            }
            return s.replace(String.valueOf(a[0]), String.valueOf(a[1]));
        }));
        return filters;
    }

    private static String arg(Object[] args, int index) {
        return args.length > index && args[index] != null ? String.valueOf(args[index]) : null;
    }

    /** Python's strip family: without characters, strips whitespace; with them, any of those characters. */
    static String stripChars(String s, String chars, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        while (left && start < end && strippable(s.charAt(start), chars)) {
            start++;
        }
        while (right && end > start && strippable(s.charAt(end - 1), chars)) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean strippable(char c, String chars) {
        return chars == null ? Character.isWhitespace(c) || Character.isSpaceChar(c) : chars.indexOf(c) >= 0;
    }

    private static boolean matchesAny(String s, Object[] args, boolean prefix) {
        if (args.length == 0) {
            throw new IllegalArgumentException((prefix ? "startswith" : "endswith") + "() needs an argument");
        }
        List<?> candidates = args[0] instanceof List<?> list ? list : Arrays.asList(args[0]);
        for (Object candidate : candidates) {
            String text = String.valueOf(candidate);
            if (prefix ? s.startsWith(text) : s.endsWith(text)) {
                return true;
            }
        }
        return false;
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean previousIsLetter = false;
        for (char c : s.toCharArray()) {
            out.append(previousIsLetter ? Character.toLowerCase(c) : Character.toUpperCase(c));
            previousIsLetter = Character.isLetter(c);
        }
        return out.toString();
    }

    private static List<String> split(String s, String separator) {
        if (separator == null) {
            String trimmed = stripChars(s, null, true, true);
            return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
        }
        if (separator.isEmpty()) {
            throw new IllegalArgumentException("split(): empty separator");
        }
        List<String> parts = new ArrayList<>();
        int from = 0;
        int at;
        while ((at = s.indexOf(separator, from)) >= 0) {
            parts.add(s.substring(from, at));
            from = at + separator.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    private static Filter filter(String method, BiFunction<String, Object[], Object> body) {
        String name = FILTER_PREFIX + method;
        return new Filter() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
                return body.apply(var == null ? "" : String.valueOf(var), args == null ? new Object[0] : args);
            }

            @Override
            public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
                return filter(var, interpreter, (Object[]) args, Map.of());
            }
        };
    }
}
