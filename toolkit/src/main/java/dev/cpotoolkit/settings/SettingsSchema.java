package dev.cpotoolkit.settings;

import dev.cpotoolkit.util.EditDistance;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The declared settings of one or more records, in declaration order: the
 * single source that config files, command-line flags, help and the generated
 * builders read. A name may be given as TRL's {@code snake_case} key, a flag's
 * {@code kebab-case} or Java's {@code camelCase}.
 *
 * <pre>{@code
 * SettingsSchema schema = SettingsSchema.of(CpoSettings.class, TrainingSettings.class);
 * schema.find("max-prompt-length").defaultValue();   // 512
 * }</pre>
 */
public final class SettingsSchema {

    private final List<Class<? extends Record>> parts;
    private final List<SettingSpec> settings = new ArrayList<>();
    private final Map<String, SettingSpec> byNormalName = new LinkedHashMap<>();

    private SettingsSchema(List<Class<? extends Record>> parts) {
        this.parts = List.copyOf(parts);
        for (Class<? extends Record> part : parts) {
            for (RecordComponent component : part.getRecordComponents()) {
                SettingSpec spec = new SettingSpec(component);
                if (byNormalName.put(normal(spec.key()), spec) != null) {
                    throw new IllegalStateException("setting " + spec.key() + " is declared twice");
                }
                settings.add(spec);
            }
        }
    }

    /** The settings declared on the components of {@code parts}, in that order. */
    @SafeVarargs
    public static SettingsSchema of(Class<? extends Record>... parts) {
        return new SettingsSchema(List.of(parts));
    }

    /** Every setting, in declaration order. */
    public List<SettingSpec> settings() {
        return List.copyOf(settings);
    }

    /** TRL's keys, in declaration order. */
    public List<String> keys() {
        return settings.stream().map(SettingSpec::key).toList();
    }

    /**
     * The setting a name refers to.
     *
     * @throws ConfigException for an unknown name, with the closest known key
     */
    public SettingSpec find(String name) {
        SettingSpec spec = byNormalName.get(normal(name));
        if (spec == null) {
            throw new ConfigException("unknown setting '" + name + "'" + suggestion(name));
        }
        return spec;
    }

    /**
     * Checks every setting of {@code part} (an instance of one of this schema's
     * records) against its declared rule.
     *
     * @throws ConfigException naming the first setting that breaks its rule
     */
    public void validate(Record part) {
        for (SettingSpec spec : settings) {
            if (spec.owner() == part.getClass()) {
                spec.check(spec.read(part));
            }
        }
    }

    /** The values of {@code records} (one per part, in order) as TRL keys and plain values. */
    public Map<String, Object> toMap(Record... records) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Record record : records) {
            for (SettingSpec spec : settings) {
                if (spec.owner() == record.getClass()) {
                    map.put(spec.key(), SettingSpec.plain(spec.read(record)));
                }
            }
        }
        return map;
    }

    /** The records this schema reads, in order. */
    public List<Class<? extends Record>> parts() {
        return parts;
    }

    private String suggestion(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (SettingSpec spec : settings) {
            int distance = EditDistance.between(normal(name), normal(spec.key()));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = spec.key();
            }
        }
        return best != null && bestDistance <= 3 ? "; did you mean '" + best + "'?" : "; known settings: " + keys();
    }

    private static String normal(String name) {
        return name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }
}
