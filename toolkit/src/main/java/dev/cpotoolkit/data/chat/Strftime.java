package dev.cpotoolkit.data.chat;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.Locale;

/**
 * Python's {@code datetime.strftime(format)} on Linux, for a naive local time (which is what
 * transformers' {@code strftime_now} formats): glibc's directives in the C locale, including the
 * GNU flags {@code %-d} (no padding), {@code %_d} (space padding) and {@code %^a} (upper case).
 * {@code %z} and {@code %Z} are empty for a naive time.
 */
final class Strftime {

    private Strftime() {
    }

    static String format(LocalDateTime time, String format) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i++);
            if (c != '%' || i >= format.length()) {
                out.append(c);
                continue;
            }
            char flag = 0;
            if ("-_0^#".indexOf(format.charAt(i)) >= 0 && i + 1 < format.length()) {
                flag = format.charAt(i++);
            }
            char directive = format.charAt(i++);
            String text = directive(time, directive, flag);
            if (text == null) {
                out.append('%');
                if (flag != 0) {
                    out.append(flag);
                }
                out.append(directive);
            } else {
                out.append(flag == '^' ? text.toUpperCase(Locale.ROOT) : text);
            }
        }
        return out.toString();
    }

    /** One directive's text, or null for an unknown directive (glibc writes those as they are). */
    private static String directive(LocalDateTime t, char directive, char flag) {
        return switch (directive) {
            case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US);
            case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US);
            case 'b', 'h' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.US);
            case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.US);
            case 'c' -> format(t, "%a %b %e %H:%M:%S %Y");
            case 'C' -> number(t.getYear() / 100, 2, '0', flag);
            case 'd' -> number(t.getDayOfMonth(), 2, '0', flag);
            case 'D', 'x' -> format(t, "%m/%d/%y");
            case 'e' -> number(t.getDayOfMonth(), 2, ' ', flag);
            case 'F' -> format(t, "%Y-%m-%d");
            case 'f' -> number(t.getNano() / 1000, 6, '0', flag);
            case 'G' -> Integer.toString(t.get(IsoFields.WEEK_BASED_YEAR));
            case 'g' -> number(t.get(IsoFields.WEEK_BASED_YEAR) % 100, 2, '0', flag);
            case 'H' -> number(t.getHour(), 2, '0', flag);
            case 'I' -> number(hour12(t), 2, '0', flag);
            case 'j' -> number(t.getDayOfYear(), 3, '0', flag);
            case 'k' -> number(t.getHour(), 2, ' ', flag);
            case 'l' -> number(hour12(t), 2, ' ', flag);
            case 'm' -> number(t.getMonthValue(), 2, '0', flag);
            case 'M' -> number(t.getMinute(), 2, '0', flag);
            case 'n' -> "\n";
            case 'p' -> t.getHour() < 12 ? "AM" : "PM";
            case 'P' -> t.getHour() < 12 ? "am" : "pm";
            case 'r' -> format(t, "%I:%M:%S %p");
            case 'R' -> format(t, "%H:%M");
            case 's' -> Long.toString(t.toEpochSecond(ZoneOffset.UTC));
            case 'S' -> number(t.getSecond(), 2, '0', flag);
            case 't' -> "\t";
            case 'T', 'X' -> format(t, "%H:%M:%S");
            case 'u' -> Integer.toString(t.getDayOfWeek().getValue());
            case 'U' -> number(weekOfYear(t, DayOfWeek.SUNDAY), 2, '0', flag);
            case 'V' -> number(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2, '0', flag);
            case 'w' -> Integer.toString(t.getDayOfWeek().getValue() % 7);
            case 'W' -> number(weekOfYear(t, DayOfWeek.MONDAY), 2, '0', flag);
            case 'y' -> number(t.getYear() % 100, 2, '0', flag);
            case 'Y' -> Integer.toString(t.getYear());
            case 'z', 'Z' -> "";
            case '%' -> "%";
            default -> null;
        };
    }

    private static int hour12(LocalDateTime t) {
        int hour = t.getHour() % 12;
        return hour == 0 ? 12 : hour;
    }

    /** C's %U / %W: weeks start on {@code first}; days before the year's first such day are week 0. */
    private static int weekOfYear(LocalDateTime t, DayOfWeek first) {
        int dayOfYear0 = t.get(ChronoField.DAY_OF_YEAR) - 1;
        int weekday = (t.getDayOfWeek().getValue() - first.getValue() + 7) % 7; // days since week start
        return (dayOfYear0 + 7 - weekday) / 7;
    }

    private static String number(int value, int width, char pad, char flag) {
        String digits = Integer.toString(value);
        if (flag == '-') {
            return digits;
        }
        char fill = flag == '_' ? ' ' : flag == '0' ? '0' : pad;
        return String.valueOf(fill).repeat(Math.max(0, width - digits.length())) + digits;
    }
}
