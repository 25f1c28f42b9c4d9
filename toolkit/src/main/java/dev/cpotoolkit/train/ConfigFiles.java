package dev.cpotoolkit.train;

import dev.cpotoolkit.settings.ConfigException;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes {@link CPOConfig} as JSON or YAML with TRL's key names, so a
 * run folder's {@code config.json} reproduces the run and a TRL user's YAML
 * mostly reads as it is. Keys missing from a file keep TRL's defaults; an
 * unknown key is an error naming the file and the key, never silently dropped.
 */
public final class ConfigFiles {

    /**
     * The key a run folder's config carries when the run trained with a custom
     * loss (a lambda): its name, recorded so the file does not pass for a
     * {@code loss_type} run, and refused when read back.
     */
    public static final String CUSTOM_LOSS_KEY = "custom_loss";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

    private ConfigFiles() {}

    /**
     * Reads a config file; {@code .json}, {@code .yaml} or {@code .yml}. Keys
     * the file leaves out get TRL's defaults.
     *
     * @throws ConfigException naming the file, and the key where one is at fault
     */
    public static CPOConfig read(Path file) {
        CPOConfig.Builder builder = CPOConfig.builder();
        applyTo(file, builder);
        try {
            return builder.build();
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sets every key the file names on {@code builder} and nothing else: the
     * file overrides whatever the builder started from (TRL's defaults, or the
     * CLI's quick-start run), and later settings (explicit flags) override it.
     *
     * @throws ConfigException naming the file, and the key where one is at fault
     */
    public static void applyTo(Path file, CPOConfig.Builder builder) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": config file not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read config file: " + e.getMessage(), e);
        }
        for (Map.Entry<?, ?> entry : parse(file, text).entrySet()) {
            if (CUSTOM_LOSS_KEY.equals(entry.getKey())) {
                throw new ConfigException(file + ": the run used the custom loss '" + entry.getValue()
                        + "', Java code that a config file cannot replay; remove " + CUSTOM_LOSS_KEY
                        + " to use the file's other settings, and give the loss with CPOTrainer.Builder.loss(...)");
            }
            try {
                builder.set(String.valueOf(entry.getKey()), entry.getValue());
            } catch (ConfigException e) {
                throw new ConfigException(file + ": " + e.getMessage(), e);
            }
        }
    }

    private static Map<?, ?> parse(Path file, String text) {
        String format = format(file);
        Object root;
        try {
            root = format.equals("json")
                    ? GSON.fromJson(text, Object.class)
                    : new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (JsonParseException | YAMLException e) {
            throw new ConfigException(file + ": not valid " + format.toUpperCase(Locale.ROOT) + ": " + e.getMessage(), e);
        }
        if (root == null) {
            return Map.of();
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new ConfigException(file + ": the top level must be a mapping of setting names to values");
        }
        return map;
    }

    /** Writes the config in the format the file's extension names. */
    public static void write(CPOConfig config, Path file) {
        write(config.toMap(), file);
    }

    /**
     * Writes a run's config, naming its custom loss when it had one
     * ({@link #CUSTOM_LOSS_KEY}): such a file documents the run but cannot
     * replay it, and reading it says so.
     */
    public static void writeForRun(CPOConfig config, String customLossName, Path file) {
        Map<String, Object> map = new java.util.LinkedHashMap<>(config.toMap());
        if (customLossName != null) {
            map.put(CUSTOM_LOSS_KEY, customLossName);
        }
        write(map, file);
    }

    private static void write(Map<String, Object> map, Path file) {
        String text = format(file).equals("json") ? GSON.toJson(map) + "\n" : yaml(map);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot write config: " + e.getMessage(), e);
        }
    }

    /** Pretty JSON with TRL's keys, nulls included so every setting is visible. */
    public static String toJson(CPOConfig config) {
        return GSON.toJson(config.toMap()) + "\n";
    }

    /** Block-style YAML with TRL's keys. */
    public static String toYaml(CPOConfig config) {
        return yaml(config.toMap());
    }

    private static String yaml(Map<String, Object> map) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(map);
    }

    private static String format(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return "json";
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return "yaml";
        }
        throw new ConfigException(file + ": unknown config format; use .json, .yaml or .yml");
    }
}
