package dev.cpotoolkit.cli;

import dev.cpotoolkit.settings.ConfigException;
import dev.cpotoolkit.settings.Setting;
import dev.cpotoolkit.settings.SettingSpec;
import dev.cpotoolkit.train.CPOConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link CPOConfig}'s settings as picocli options, one kebab-case flag per
 * declared setting ({@code max_prompt_length -> --max-prompt-length}) with the
 * declaration's help and default, made at start-up from {@link CPOConfig#SCHEMA}
 * so that a new setting is a new flag without any CLI change.
 * Values stay strings until {@link CPOConfig.Builder#set(String, Object)}
 * converts them, so flags, config files and notebooks share one set of rules.
 *
 * <p>One instance belongs to one command: {@link #addTo} registers its options
 * there, {@link #apply} reads back the ones the user gave.
 */
final class ConfigOptions {

    /** Extra, shorter names for a few flags. */
    private static final Map<String, String> ALIASES = Map.of("output_dir", "--output");

    /** The longest parameter label that fits the help's option column. */
    private static final int MAX_LABEL = 30;

    /** Parameter labels clearer than the one the field's type gives. */
    private static final Map<String, String> LABELS = Map.of("output_dir", "DIR", "device", "auto|cpu|gpu|gpu:N");

    private final Map<String, OptionSpec> options = new LinkedHashMap<>();
    private final List<String> keys;

    private ConfigOptions(List<String> keys) {
        this.keys = keys;
    }

    /** Every CPOConfig field. */
    static ConfigOptions all() {
        return new ConfigOptions(allKeys());
    }

    /** Only the named fields (TRL keys), in CPOConfig's order. */
    static ConfigOptions only(Collection<String> wanted) {
        List<String> chosen = allKeys().stream().filter(wanted::contains).toList();
        if (chosen.size() != wanted.size()) {
            throw new IllegalArgumentException("not CPOConfig fields: " + wanted.stream()
                    .filter(k -> !chosen.contains(k)).toList());
        }
        return new ConfigOptions(chosen);
    }

    /**
     * Every CPOConfig field but the named ones: a command with flags of its own
     * ({@code cpo bench}'s {@code --seed}, {@code --output}) takes every other
     * setting as it is declared, so a setting added later is a flag there too.
     */
    static ConfigOptions allExcept(Collection<String> excluded) {
        return new ConfigOptions(allKeys().stream().filter(key -> !excluded.contains(key)).toList());
    }

    /** TRL's snake_case key of every CPOConfig field, in declaration order. */
    static List<String> allKeys() {
        return CPOConfig.SCHEMA.keys();
    }

    /** The flag of a TRL key: {@code max_prompt_length -> --max-prompt-length}. */
    static String flag(String key) {
        return CPOConfig.SCHEMA.find(key).flag();
    }

    /** Registers one option per field on {@code spec}, under a heading of their own in the help. */
    void addTo(CommandSpec spec) {
        ArgGroupSpec.Builder group = ArgGroupSpec.builder().exclusive(false).validate(false).multiplicity("0..1")
                .heading("%nCPOConfig settings (TRL names; override --config, which overrides the defaults):%n");
        for (String key : keys) {
            OptionSpec option = option(CPOConfig.SCHEMA.find(key));
            options.put(key, option);
            group.addArg(option);
        }
        spec.addArgGroup(group.build());
    }

    private static OptionSpec option(SettingSpec setting) {
        String key = setting.key();
        Class<?> type = setting.type();
        List<String> names = new ArrayList<>(List.of(setting.flag()));
        if (ALIASES.containsKey(key)) {
            names.add(ALIASES.get(key));
        }
        boolean bool = type == boolean.class || type == Boolean.class;
        String whose = setting.origin() == Setting.Origin.TOOLKIT ? "Default" : "TRL default";
        String description = setting.help() + " " + whose + ": " + setting.defaultText() + ".";
        OptionSpec.Builder option = OptionSpec.builder(names.toArray(String[]::new))
                .type(String.class)
                .paramLabel(LABELS.getOrDefault(key, label(setting)))
                .description(description);
        if (bool) {
            // "--disable-dropout" alone means true, as a switch; "--disable-dropout false" also works.
            option.arity("0..1").fallbackValue("true");
        } else {
            option.arity("1");
        }
        return option.build();
    }

    private static String label(SettingSpec setting) {
        Class<?> type = setting.type();
        if (type.isEnum()) {
            // A long list would wrap mid-word in the help's first column; the description lists the names.
            String choices = String.join("|", setting.choices());
            return choices.length() <= MAX_LABEL ? choices : "NAME";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true|false";
        }
        if (type == int.class || type == long.class) {
            return "N";
        }
        if (type == Integer.class) {
            return "N|null";
        }
        if (type == double.class || type == Double.class) {
            return "X";
        }
        return "TEXT";
    }

    /**
     * Sets on {@code builder} every field whose flag was given on the command line.
     *
     * @throws ParameterException naming the flag when its value does not convert
     */
    void apply(CPOConfig.Builder builder, ParseResult parsed, CommandLine commandLine) {
        for (Map.Entry<String, OptionSpec> entry : options.entrySet()) {
            OptionSpec option = entry.getValue();
            if (!parsed.hasMatchedOption(option)) {
                continue;
            }
            String value = parsed.matchedOption(option.longestName()).getValue();
            try {
                builder.set(entry.getKey(), value, "from " + option.longestName());
            } catch (ConfigException e) {
                throw new ParameterException(commandLine,
                        "Invalid value for option '" + option.longestName() + "': " + e.getMessage(), e, option, value);
            }
        }
    }

    /**
     * Builds the config. A broken rule is reported with each value at fault,
     * where it came from (flag, file and line, default) and, for a value left at
     * its default, the flag that changes it; a rule broken by one flag's value
     * is reported against that flag. Defaults the builder adapted are printed
     * as notes on standard error.
     *
     * @throws ParameterException for an invalid setting or combination of settings
     */
    CPOConfig build(CPOConfig.Builder builder, ParseResult parsed, CommandLine commandLine) {
        CPOConfig config;
        try {
            config = builder.build();
        } catch (ConfigException e) {
            String message = e.getMessage() + flagHint(e, builder);
            if (e.settings().size() == 1 && options.containsKey(e.settings().get(0))
                    && parsed.hasMatchedOption(options.get(e.settings().get(0)))) {
                OptionSpec option = options.get(e.settings().get(0));
                throw new ParameterException(commandLine, "Invalid value for option '" + option.longestName()
                        + "': " + message, e, option, parsed.matchedOption(option.longestName()).getValue());
            }
            throw new ParameterException(commandLine, "Invalid settings: " + message, e);
        }
        for (String note : builder.adjustments()) {
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": note: " + note);
        }
        return config;
    }

    /** For each setting at fault that nobody set, the flag that sets it: "; set it with --max-prompt-length". */
    private String flagHint(ConfigException e, CPOConfig.Builder builder) {
        List<String> flags = e.settings().stream()
                .filter(key -> options.containsKey(key) && !builder.origins().of(key).startsWith("from "))
                .map(key -> options.get(key).longestName()).toList();
        return flags.isEmpty() ? "" : "; to change a default, give " + String.join(" or ", flags);
    }
}
