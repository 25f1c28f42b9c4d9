package dev.cpotoolkit.cli;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.cpotoolkit.train.CPOConfig;
import dev.cpotoolkit.train.ConfigException;
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
 * A {@code --config} file laid over a builder: only the keys the file names
 * change, so it overrides whatever defaults the command starts from (TRL's, or
 * the quick-start run's) and explicit flags then override it.
 * {@link CPOConfig#load(Path)} would instead fill every missing key with TRL's
 * defaults. Same formats and key names as {@link dev.cpotoolkit.train.ConfigFiles}.
 */
final class ConfigFileLayer {

    private ConfigFileLayer() {}

    /**
     * Sets every key of {@code file} ({@code .json}, {@code .yaml}, {@code .yml}) on {@code builder}.
     *
     * @throws ConfigException naming the file, and the key when one is at fault
     */
    static void apply(Path file, CPOConfig.Builder builder) {
        for (Map.Entry<?, ?> entry : read(file).entrySet()) {
            try {
                builder.set(String.valueOf(entry.getKey()), entry.getValue());
            } catch (ConfigException e) {
                throw new ConfigException(file + ": " + e.getMessage(), e);
            }
        }
    }

    private static Map<?, ?> read(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean json = name.endsWith(".json");
        if (!json && !name.endsWith(".yaml") && !name.endsWith(".yml")) {
            throw new ConfigException(file + ": unknown config format; use .json, .yaml or .yml");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": config file not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read config file: " + e.getMessage(), e);
        }
        Object root;
        try {
            root = json ? new Gson().fromJson(text, Object.class)
                    : new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (JsonParseException | YAMLException e) {
            throw new ConfigException(file + ": not valid " + (json ? "JSON" : "YAML") + ": " + e.getMessage(), e);
        }
        if (root == null) {
            return Map.of();
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new ConfigException(file + ": the top level must be a mapping of setting names to values");
        }
        return map;
    }
}
