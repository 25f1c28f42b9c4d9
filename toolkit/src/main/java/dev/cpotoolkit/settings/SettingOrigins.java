package dev.cpotoolkit.settings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each value of a settings builder came from: a command-line flag, a
 * config file and line, Java code, or the declared default. A builder keeps
 * one so that a rule broken at {@code build()} can say which value to change
 * and where it was given, not only that a rule was broken.
 */
public final class SettingOrigins {

    /** The origin of a value set through a builder's Java setters. */
    public static final String CODE = "set in code";

    private final SettingsSchema schema;
    private final Map<String, String> origins = new LinkedHashMap<>();
    private final java.util.Set<String> commandDefaults = new java.util.HashSet<>();

    /** @param schema the settings whose origins are kept */
    public SettingOrigins(SettingsSchema schema) {
        this.schema = schema;
    }

    /** Records where the value of {@code name} (any spelling of a setting's name) came from. */
    public void record(String name, String origin) {
        String key = schema.find(name).key();
        origins.put(key, origin);
        commandDefaults.remove(key);
    }

    /** Records {@code origin} for every setting (a copy of a whole config). */
    public void recordAll(String origin) {
        for (String key : schema.keys()) {
            origins.put(key, origin);
        }
    }

    /**
     * Marks the values set in Java code so far as a command's own defaults,
     * under a clearer origin: like declared defaults, nobody gave them, so they
     * may adapt and are not {@link #given}.
     */
    public void relabelCode(String origin) {
        origins.forEach((key, value) -> {
            if (value.equals(CODE)) {
                commandDefaults.add(key);
            }
        });
        origins.replaceAll((key, value) -> value.equals(CODE) ? origin : value);
    }

    /** Whether the value of {@code name} was given by someone rather than left at a default. */
    public boolean given(String name) {
        String key = schema.find(name).key();
        return origins.containsKey(key) && !commandDefaults.contains(key);
    }

    /**
     * Where the value of {@code name} came from, in words: {@code "from --max-length"},
     * {@code "from run.yaml line 3"}, {@code "set in code"} or {@code "TRL's default"}.
     */
    public String of(String name) {
        SettingSpec spec = schema.find(name);
        String origin = origins.get(spec.key());
        if (origin != null) {
            return origin;
        }
        return switch (spec.origin()) {
            case TRL -> "TRL's default";
            case TRANSFORMERS -> "Hugging Face's default";
            case TOOLKIT -> "the toolkit's default";
        };
    }

    /**
     * The exception again, its message followed by where each setting it names
     * came from: {@code "... (max_prompt_length: TRL's default; max_length: from --max-length)"}.
     */
    public ConfigException explain(ConfigException e) {
        List<String> keys = e.settings();
        if (keys.isEmpty()) {
            return e;
        }
        StringBuilder where = new StringBuilder();
        for (String key : keys) {
            where.append(where.length() == 0 ? " (" : "; ").append(key).append(": ").append(of(key));
        }
        return new ConfigException(e.getMessage() + where + ")", keys, e);
    }
}
