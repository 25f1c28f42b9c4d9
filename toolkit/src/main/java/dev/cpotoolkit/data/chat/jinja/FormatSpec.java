package dev.cpotoolkit.data.chat.jinja;

import java.math.BigInteger;

/**
 * Python's format-spec mini-language ({@code [[fill]align][sign][#][0][width][,|_][.precision][type]}),
 * as {@code '{:>8.2f}'.format(x)} applies it to strings, ints and floats.
 */
final class FormatSpec {

    private char fill = ' ';
    private char align;
    private char sign = '-';
    private boolean alternate;
    private int width = -1;
    private char grouping;
    private int precision = -1;
    private char type;

    private FormatSpec() {
    }

    /** Formats one value: Python's {@code format(value, spec)} (a bool with a spec formats as an int). */
    static String apply(Object value, String spec) {
        if (spec.isEmpty()) {
            return Repr.str(value);
        }
        FormatSpec parsed = parse(spec);
        if (value instanceof String s) {
            return parsed.formatString(s);
        }
        if (value instanceof Double d) {
            return parsed.formatFloat(d);
        }
        if (Values.isInt(value)) {
            if (parsed.type != 0 && "eEfFgG%".indexOf(parsed.type) >= 0) {
                return parsed.formatFloat(Values.doubleOf(value));
            }
            return parsed.formatInt(Values.big(value));
        }
        throw JinjaError.type("unsupported format string passed to " + Values.typeName(value) + ".__format__");
    }

    private static FormatSpec parse(String spec) {
        FormatSpec f = new FormatSpec();
        int i = 0;
        if (spec.length() >= 2 && "<>=^".indexOf(spec.charAt(1)) >= 0) {
            f.fill = spec.charAt(0);
            f.align = spec.charAt(1);
            i = 2;
        } else if (!spec.isEmpty() && "<>=^".indexOf(spec.charAt(0)) >= 0) {
            f.align = spec.charAt(0);
            i = 1;
        }
        if (i < spec.length() && "+- ".indexOf(spec.charAt(i)) >= 0) {
            f.sign = spec.charAt(i++);
        }
        if (i < spec.length() && spec.charAt(i) == '#') {
            f.alternate = true;
            i++;
        }
        if (i < spec.length() && spec.charAt(i) == '0') {
            if (f.align == 0) {
                f.fill = '0';
                f.align = '=';
            }
            i++;
        }
        int start = i;
        while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
            i++;
        }
        if (i > start) {
            f.width = Integer.parseInt(spec.substring(start, i));
        }
        if (i < spec.length() && (spec.charAt(i) == ',' || spec.charAt(i) == '_')) {
            f.grouping = spec.charAt(i++);
        }
        if (i < spec.length() && spec.charAt(i) == '.') {
            start = ++i;
            while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
                i++;
            }
            if (i == start) {
                throw JinjaError.value("Format specifier missing precision");
            }
            f.precision = Integer.parseInt(spec.substring(start, i));
        }
        if (i < spec.length()) {
            f.type = spec.charAt(i++);
        }
        if (i < spec.length()) {
            throw JinjaError.value("Invalid format specifier");
        }
        return f;
    }

    private String formatString(String s) {
        if (type != 0 && type != 's') {
            throw JinjaError.value("Unknown format code '" + type + "' for object of type 'str'");
        }
        if (precision >= 0 && precision < s.codePointCount(0, s.length())) {
            s = s.substring(0, s.offsetByCodePoints(0, precision));
        }
        return pad("", s, align == 0 ? '<' : align);
    }

    private String formatInt(BigInteger value) {
        String digits;
        String prefix = "";
        switch (type == 0 ? 'd' : type) {
            case 'd', 'n' -> digits = value.abs().toString();
            case 'b' -> {
                digits = value.abs().toString(2);
                prefix = alternate ? "0b" : "";
            }
            case 'o' -> {
                digits = value.abs().toString(8);
                prefix = alternate ? "0o" : "";
            }
            case 'x', 'X' -> {
                digits = NumberText.integer(value, 16, type == 'X');
                prefix = alternate ? (type == 'x' ? "0x" : "0X") : "";
            }
            case 'c' -> {
                return pad("", new String(Character.toChars(value.intValueExact())), align == 0 ? '<' : align);
            }
            default -> throw JinjaError.value("Unknown format code '" + type + "' for object of type 'int'");
        }
        return pad(signOf(value.signum() < 0) + prefix, group(digits), align == 0 ? '>' : align);
    }

    private String formatFloat(double value) {
        String body;
        boolean percent = type == '%';
        double magnitude = percent ? value * 100 : value;
        int p = precision < 0 ? 6 : precision;
        switch (type) {
            case 'e', 'E' -> body = NumberText.scientific(magnitude, p, type == 'E', alternate);
            case 'f', 'F', '%' -> body = NumberText.fixed(magnitude, p, alternate);
            case 'g', 'G' -> body = NumberText.general(magnitude, p, type == 'G', alternate);
            case 0 -> {
                if (precision < 0) {
                    body = FloatRepr.repr(Math.abs(magnitude));
                } else {
                    body = NumberText.general(magnitude, p, false, alternate);
                    if (body.indexOf('.') < 0 && body.indexOf('e') < 0 && NumberText.nonFinite(magnitude, false) == null) {
                        body += ".0";
                    }
                }
            }
            default -> throw JinjaError.value("Unknown format code '" + type + "' for object of type 'float'");
        }
        if (type == 'F' && NumberText.nonFinite(magnitude, true) != null) {
            body = NumberText.nonFinite(magnitude, true);
        }
        if (percent) {
            body += "%";
        }
        int point = body.indexOf('.');
        int end = point >= 0 ? point : body.length();
        if (grouping != 0 && NumberText.nonFinite(magnitude, false) == null && body.indexOf('e') < 0) {
            body = group(body.substring(0, end)) + body.substring(end);
        }
        return pad(signOf(NumberText.negative(value) && !Double.isNaN(value)), body, align == 0 ? '>' : align);
    }

    private String signOf(boolean negative) {
        return negative ? "-" : sign == '+' ? "+" : sign == ' ' ? " " : "";
    }

    private String group(String digits) {
        if (grouping == 0) {
            return digits;
        }
        StringBuilder out = new StringBuilder();
        int lead = digits.length() % 3;
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (i - lead) % 3 == 0) {
                out.append(grouping);
            }
            out.append(digits.charAt(i));
        }
        return out.toString();
    }

    private String pad(String prefix, String body, char alignment) {
        int length = prefix.codePointCount(0, prefix.length()) + body.codePointCount(0, body.length());
        if (width <= length) {
            return prefix + body;
        }
        String fillText = String.valueOf(fill).repeat(width - length);
        switch (alignment) {
            case '<':
                return prefix + body + fillText;
            case '^': {
                int left = (width - length) / 2;
                return String.valueOf(fill).repeat(left) + prefix + body + String.valueOf(fill).repeat(width - length - left);
            }
            case '=':
                return prefix + fillText + body;
            default:
                return fillText + prefix + body;
        }
    }
}
