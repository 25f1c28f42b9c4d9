package dev.cpotoolkit.data.chat.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Jinja2's filters on text: case, padding, escaping, formatting, trimming and counting words. */
final class TextFilters {

    private TextFilters() {
    }

    static void register(Map<String, Filters.Filter> filters) {
        filters.put("capitalize", (v, a, k) -> PyStrings.capitalize(Filters.str(v, a, k, "capitalize")));
        filters.put("lower", (v, a, k) -> PyStrings.lower(Filters.str(v, a, k, "lower")));
        filters.put("upper", (v, a, k) -> PyStrings.upper(Filters.str(v, a, k, "upper")));
        filters.put("safe", (v, a, k) -> Filters.str(v, a, k, "safe")); // no autoescaping: Markup is a plain str
        filters.put("string", (v, a, k) -> Filters.str(v, a, k, "string"));
        filters.put("escape", (v, a, k) -> escape(Filters.str(v, a, k, "escape")));
        filters.put("e", (v, a, k) -> escape(Filters.str(v, a, k, "e")));
        filters.put("forceescape", (v, a, k) -> escape(Filters.str(v, a, k, "forceescape")));
        filters.put("center", TextFilters::center);
        filters.put("filesizeformat", TextFilters::filesizeformat);
        filters.put("format", TextFilters::format);
        filters.put("indent", TextFilters::indent);
        filters.put("replace", TextFilters::replace);
        filters.put("striptags", TextFilters::striptags);
        filters.put("title", TextFilters::title);
        filters.put("trim", TextFilters::trim);
        filters.put("truncate", TextFilters::truncate);
        filters.put("wordcount", TextFilters::wordcount);
    }

    private static Object center(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object width = Args.bind("center", args, kwargs, "width", 80L)[0];
        return PyStrings.justify("center", Repr.str(value), Values.index(width), " ");
    }

    /** markupsafe's {@code escape}. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;")
                .replace("\"", "&#34;");
    }

    private static Object filesizeformat(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object binary = Args.bind("filesizeformat", args, kwargs, "binary", false)[0];
        double bytes = NumberFilters.toDouble(value);
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

    private static Object format(Object value, List<Object> args, Map<String, Object> kwargs) {
        if (!args.isEmpty() && !kwargs.isEmpty()) {
            throw Filters.filterArgument("can't handle positional and keyword arguments at the same time");
        }
        Object arguments = !kwargs.isEmpty() ? new LinkedHashMap<Object, Object>(kwargs) : new PyTuple(args);
        return PercentFormat.format(Repr.str(value), arguments);
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

    private static Object replace(Object value, List<Object> args, Map<String, Object> kwargs) {
        Object[] a = Args.bind("replace", args, kwargs, "old", Args.REQUIRED, "new", Args.REQUIRED, "count", null);
        long count = a[2] == null ? -1 : Values.index(a[2]);
        return PyStrings.replace(Repr.str(value), Repr.str(a[0]), Repr.str(a[1]), count);
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

    private static final Pattern WORD_BEGINNING = Pattern.compile("([-\\s({\\[<]+)", Pattern.UNICODE_CHARACTER_CLASS);

    /** Jinja2's own title-casing: upper-case the first character after spaces, dashes and brackets. */
    private static Object title(Object value, List<Object> args, Map<String, Object> kwargs) {
        String text = Filters.str(value, args, kwargs, "title");
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
        int length = Values.index(a[0]);
        String end = Repr.str(a[2]);
        int leeway = a[3] == null ? 5 : Values.index(a[3]);
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

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+");

    private static Object wordcount(Object value, List<Object> args, Map<String, Object> kwargs) {
        Matcher m = WORD.matcher(Filters.str(value, args, kwargs, "wordcount"));
        long count = 0;
        while (m.find()) {
            count++;
        }
        return count;
    }
}
