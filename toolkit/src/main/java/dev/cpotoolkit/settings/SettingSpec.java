package dev.cpotoolkit.settings;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One declared {@link Setting} as the program uses it: its key, Java name,
 * type, parsed default, help, and how a value from a file or a flag becomes a
 * checked Java value.
 */
public final class SettingSpec {

    private final RecordComponent component;
    private final Setting declaration;
    private final Class<?> type;
    private final Object defaultValue;

    SettingSpec(RecordComponent component) {
        this.component = component;
        this.declaration = component.getAnnotation(Setting.class);
        if (declaration == null) {
            throw new IllegalStateException(component.getDeclaringRecord().getName() + "." + component.getName()
                    + " lacks its @Setting declaration");
        }
        this.type = component.getType();
        this.defaultValue = convert(declaration.defaultValue());
        check(defaultValue);
    }

    /** TRL's key, such as {@code max_prompt_length}. */
    public String key() {
        return declaration.name();
    }

    /** The command-line flag: {@code --max-prompt-length}. */
    public String flag() {
        return "--" + key().replace('_', '-');
    }

    /** The Java name of the record component (and builder setter), such as {@code maxPromptLength}. */
    public String javaName() {
        return component.getName();
    }

    /** The Java type of the value. */
    public Class<?> type() {
        return type;
    }

    /** The record class that declares the setting. */
    public Class<?> owner() {
        return component.getDeclaringRecord();
    }

    /** The default, converted to {@link #type()}. */
    public Object defaultValue() {
        return defaultValue;
    }

    /** One line of help. */
    public String help() {
        return declaration.help();
    }

    /** Whose setting and default this is. */
    public Setting.Origin origin() {
        return declaration.origin();
    }

    /** Whether null is a valid value: a boxed or text setting whose default is null. */
    public boolean nullable() {
        return !type.isPrimitive() && !type.isEnum() && declaration.defaultValue().equals("null");
    }

    /** The value of this setting in {@code record} (an instance of {@link #owner()}). */
    public Object read(Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + javaName(), e);
        }
    }

    /**
     * A value from a file, a flag or Java, converted to {@link #type()}: numbers
     * from numbers or text, {@code true/false/yes/no/1/0}, enum constants by
     * their TRL name, {@code null}/{@code none} for nullable settings (a text
     * setting that cannot be null keeps {@code none} as its value), a list
     * for a text setting as its items joined by commas.
     *
     * @throws ConfigException naming the key and the value
     */
    public Object convert(Object value) {
        // "none" is Python's None except where it is a text setting's own word (report_to: none).
        if (value == null || (value instanceof String text && (text.equals("null")
                || (text.equals("none") && (nullable() || type != String.class))))) {
            if (!nullable()) {
                throw new ConfigException(key() + " cannot be null", List.of(key()), null);
            }
            return null;
        }
        try {
            if (type == double.class || type == Double.class) {
                return value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString().trim());
            }
            if (type == int.class || type == Integer.class) {
                long whole = integral(value);
                if (whole < Integer.MIN_VALUE || whole > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("out of range: a whole number up to " + Integer.MAX_VALUE);
                }
                return (int) whole;
            }
            if (type == long.class || type == Long.class) {
                return integral(value);
            }
            if (type == boolean.class || type == Boolean.class) {
                return bool(value);
            }
            if (type.isEnum()) {
                return constant(value);
            }
            if (type == String.class) {
                // A list in a file (lora_target_modules: [q_proj, v_proj]) is the flag's comma-separated text.
                return value instanceof java.util.Collection<?> items
                        ? items.stream().map(String::valueOf).collect(Collectors.joining(","))
                        : value.toString();
            }
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException(key() + " = " + value + ": " + e.getMessage(), List.of(key()), e);
        }
        throw new IllegalStateException("no conversion to " + type.getName() + " for " + key());
    }

    /**
     * Checks a converted value against the declared rule.
     *
     * @throws ConfigException {@code key = value: rule}
     */
    public void check(Object value) {
        if (value == null) {
            if (!nullable()) {
                throw new ConfigException(key() + " = null: must be set", List.of(key()), null);
            }
            return;
        }
        boolean ok = !(value instanceof Number n) || declaration.check().accepts(n.doubleValue());
        if (ok && !declaration.pattern().isEmpty()) {
            ok = Pattern.compile(declaration.pattern()).matcher(value.toString()).matches();
        }
        if (!ok) {
            throw new ConfigException(key() + " = " + value + ": " + rule(), List.of(key()), null);
        }
    }

    /** The rule in words, as error messages and help state it. */
    public String rule() {
        String words = declaration.rule().isEmpty() ? declaration.check().words() : declaration.rule();
        return nullable() && !words.isEmpty() ? words + " or null" : words;
    }

    /** A value as files write it: enum constants by their TRL name, everything else unchanged. */
    public static Object plain(Object value) {
        return value instanceof SettingName named ? named.settingName() : value;
    }

    /** The default as the declaration writes it ({@code 1e-6}, not {@code 1.0E-6}), for help texts. */
    public String defaultText() {
        return declaration.defaultValue();
    }

    /** The TRL names of an enum setting's constants, or an empty array. */
    public String[] choices() {
        if (!type.isEnum()) {
            return new String[0];
        }
        return Arrays.stream(type.getEnumConstants()).map(c -> plain(c).toString()).toArray(String[]::new);
    }

    private Object constant(Object value) {
        if (type.isInstance(value)) {
            return value;
        }
        String wanted = value.toString().trim();
        for (Object constant : type.getEnumConstants()) {
            String name = plain(constant).toString();
            if (name.equalsIgnoreCase(wanted) || ((Enum<?>) constant).name().equalsIgnoreCase(wanted)) {
                return constant;
            }
        }
        throw new ConfigException(key() + " = " + value + ": must be one of "
                + Arrays.stream(choices()).collect(Collectors.joining(", ")), List.of(key()), null);
    }

    private static long integral(Object value) {
        java.math.BigDecimal number;
        try {
            number = value instanceof Number n && !(value instanceof Double || value instanceof Float)
                    ? new java.math.BigDecimal(n.toString())
                    : new java.math.BigDecimal(value instanceof Number n ? Double.toString(n.doubleValue())
                            : value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number");
        }
        try {
            return number.longValueExact();
        } catch (ArithmeticException e) {
            boolean whole = number.stripTrailingZeros().scale() <= 0;
            throw new IllegalArgumentException(whole ? "out of range: a whole number up to " + Long.MAX_VALUE
                    : "not a whole number");
        }
    }

    private static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        return switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("not a boolean (true or false)");
        };
    }

    @Override
    public String toString() {
        return key();
    }
}
