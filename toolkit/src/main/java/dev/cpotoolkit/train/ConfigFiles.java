package dev.cpotoolkit.train;

import dev.cpotoolkit.data.JsonErrors;
import dev.cpotoolkit.settings.ConfigException;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

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
        Map<?, ?> settings = parse(file, text);
        Map<String, Integer> lines = keyLines(file, text, settings);
        for (Map.Entry<?, ?> entry : settings.entrySet()) {
            if (CUSTOM_LOSS_KEY.equals(entry.getKey())) {
                throw new ConfigException(file + ": the run used the custom loss '" + entry.getValue()
                        + "', Java code that a config file cannot replay; remove " + CUSTOM_LOSS_KEY
                        + " to use the file's other settings, and give the loss with CPOTrainer.Builder.loss(...)");
            }
            try {
                Integer line = lines.get(String.valueOf(entry.getKey()));
                builder.set(String.valueOf(entry.getKey()), entry.getValue(),
                        "from " + file + (line == null ? "" : " line " + line));
            } catch (ConfigException e) {
                Integer line = lines.get(String.valueOf(entry.getKey()));
                throw new ConfigException(file + (line == null ? "" : " line " + line) + ": " + e.getMessage(), e);
            }
        }
    }

    private static Map<?, ?> parse(Path file, String text) {
        String format = format(file);
        Object root;
        try {
            root = format.equals("json")
                    ? GSON.fromJson(text, Object.class)
                    : new Yaml(new SafeConstructor(yamlOptions())).load(text);
        } catch (MarkedYAMLException e) {
            throw new ConfigException(file + yamlPlace(e) + ": not valid YAML: " + e.getProblem()
                    + (e instanceof DuplicateKeyException ? "; each setting may be given once" : ""), e);
        } catch (JsonParseException e) {
            throw new ConfigException(file + ": not valid JSON: " + JsonErrors.describe(e), e);
        } catch (YAMLException e) {
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

    private static String yamlPlace(MarkedYAMLException e) {
        return e.getProblemMark() == null ? ""
                : " line " + (e.getProblemMark().getLine() + 1) + " column " + (e.getProblemMark().getColumn() + 1);
    }

    private static LoaderOptions yamlOptions() {
        LoaderOptions options = new LoaderOptions();
        // A key given twice would let the later value win without a word.
        options.setAllowDuplicateKeys(false);
        return options;
    }

    /**
     * The line of each top-level key, so errors and origins can point at it; a
     * key written twice in JSON is refused here (YAML's parser refuses it itself).
     */
    private static Map<String, Integer> keyLines(Path file, String text, Map<?, ?> settings) {
        Map<String, Integer> lines = new java.util.HashMap<>();
        if (format(file).equals("json")) {
            for (Object key : settings.keySet()) {
                java.util.regex.Matcher matcher = java.util.regex.Pattern
                        .compile("\"" + java.util.regex.Pattern.quote(String.valueOf(key)) + "\"\\s*:").matcher(text);
                java.util.List<Integer> found = new java.util.ArrayList<>();
                while (matcher.find()) {
                    found.add(lineOf(text, matcher.start()));
                }
                if (found.size() > 1) {
                    throw new ConfigException(file + ": the key \"" + key + "\" is given " + found.size()
                            + " times (lines " + found.stream().map(String::valueOf)
                            .collect(java.util.stream.Collectors.joining(", ")) + "); keep one");
                }
                if (!found.isEmpty()) {
                    lines.put(String.valueOf(key), found.get(0));
                }
            }
            return lines;
        }
        Node root = new Yaml(new SafeConstructor(yamlOptions())).compose(new java.io.StringReader(text));
        if (root instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    lines.put(key.getValue(), key.getStartMark().getLine() + 1);
                }
            }
        }
        return lines;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
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
