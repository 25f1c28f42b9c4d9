package dev.cpotoolkit.train;

import dev.cpotoolkit.loss.LossType;
import dev.cpotoolkit.tokenize.TruncationMode;
import dev.cpotoolkit.util.EditDistance;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one place that knows how {@link CPOConfig}'s Java fields map to TRL's
 * snake_case keys and how a value from a file or a command line becomes a field
 * value. Driven by the record's components, so a new field needs no code here.
 */
final class ConfigFields {

    private static final RecordComponent[] COMPONENTS = CPOConfig.class.getRecordComponents();

    private ConfigFields() {}

    /** TRL's key for a camelCase field: {@code perDeviceTrainBatchSize -> per_device_train_batch_size}. */
    static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** TRL's keys, in declaration order. */
    static List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (RecordComponent component : COMPONENTS) {
            keys.add(snakeCase(component.getName()));
        }
        return keys;
    }

    static Map<String, Object> toMap(CPOConfig config) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (RecordComponent component : COMPONENTS) {
            Object value = read(component, config);
            map.put(snakeCase(component.getName()), plain(value));
        }
        return map;
    }

    static void copyInto(CPOConfig config, CPOConfig.Builder builder) {
        for (RecordComponent component : COMPONENTS) {
            write(builderField(component.getName()), builder, read(component, config));
        }
    }

    static void set(CPOConfig.Builder builder, String key, Object value) {
        RecordComponent component = find(key);
        Object converted = convert(component, value);
        write(builderField(component.getName()), builder, converted);
    }

    private static RecordComponent find(String key) {
        String wanted = normalise(key);
        for (RecordComponent component : COMPONENTS) {
            if (normalise(component.getName()).equals(wanted)) {
                return component;
            }
        }
        throw new ConfigException("unknown setting '" + key + "'" + suggestion(key));
    }

    private static String suggestion(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : keys()) {
            int distance = EditDistance.between(normalise(key), normalise(candidate));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return best != null && bestDistance <= 3 ? "; did you mean '" + best + "'?" : "; known settings: " + keys();
    }

    private static String normalise(String key) {
        return key.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    private static Object convert(RecordComponent component, Object value) {
        String key = snakeCase(component.getName());
        Class<?> type = component.getType();
        if (value == null || (value instanceof String text && (text.equals("null") || text.equals("none")))) {
            if (type.isPrimitive() || type.isEnum()) {
                throw new ConfigException(key + " cannot be null");
            }
            return null;
        }
        try {
            if (type == double.class) {
                return value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString().trim());
            }
            if (type == int.class || type == Integer.class) {
                return Math.toIntExact(integral(value));
            }
            if (type == long.class) {
                return integral(value);
            }
            if (type == boolean.class) {
                return bool(value);
            }
            if (type == LossType.class) {
                return LossType.parse(value.toString());
            }
            if (type == TruncationMode.class) {
                return TruncationMode.fromName(value.toString());
            }
            if (type == LrSchedulerType.class) {
                return LrSchedulerType.parse(value.toString());
            }
            if (type == String.class) {
                return value.toString();
            }
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException(key + " = " + value + ": " + e.getMessage(), e);
        }
        throw new IllegalStateException("no conversion for " + type);
    }

    private static long integral(Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (d != Math.rint(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("not an integer");
            }
            return n.longValue();
        }
        return Long.parseLong(value.toString().trim());
    }

    private static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("not a boolean (true or false)");
        };
    }

    /** Enums as the names TRL writes; everything else unchanged. */
    private static Object plain(Object value) {
        if (value instanceof LossType type) {
            return type.trlName();
        }
        if (value instanceof TruncationMode mode) {
            return mode.trlName();
        }
        if (value instanceof LrSchedulerType schedule) {
            return schedule.hfName();
        }
        return value;
    }

    private static Object read(RecordComponent component, CPOConfig config) {
        try {
            return component.getAccessor().invoke(config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field builderField(String name) {
        try {
            return CPOConfig.Builder.class.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("CPOConfig.Builder lacks field " + name, e);
        }
    }

    private static void write(Field field, CPOConfig.Builder builder, Object value) {
        try {
            field.set(builder, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
