package dev.cpotoolkit.cli;

import dev.cpotoolkit.train.CPOConfig;
import dev.cpotoolkit.train.CpoSettings;
import dev.cpotoolkit.train.PeftSettings;
import dev.cpotoolkit.train.TrainingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated CPOConfig flags: one per declared setting, layered over defaults and --config. */
class ConfigFlagsTest {

    /** Parses a train command line without running it and returns its settings. */
    private static CPOConfig trainConfig(String... args) {
        CommandLine cpo = CpoCommand.newCommandLine();
        List<String> all = new ArrayList<>(List.of("train"));
        all.addAll(List.of(args));
        cpo.parseArgs(all.toArray(String[]::new));
        TrainCommand train = cpo.getSubcommands().get("train").getCommand();
        return train.resolveConfig();
    }

    static List<String> keys() {
        return ConfigOptions.allKeys();
    }

    @Test
    void everyDeclaredSettingHasAFlag() {
        int components = CpoSettings.class.getRecordComponents().length
                + TrainingSettings.class.getRecordComponents().length
                + PeftSettings.class.getRecordComponents().length;
        assertEquals(components, keys().size());
        String help = CpoCommand.newCommandLine().getSubcommands().get("train").getUsageMessage();
        for (String key : keys()) {
            assertTrue(help.contains(ConfigOptions.flag(key)), "train --help lacks " + ConfigOptions.flag(key));
        }
    }

    /** Each flag, given a valid non-default value, sets exactly its field (on TRL's defaults, as with --dataset). */
    @ParameterizedTest
    @MethodSource("keys")
    void everyFieldFlagSetsItsField(String key) {
        String value = validNonDefault(key);
        CPOConfig expected = CPOConfig.builder().set(key, value).build();
        CPOConfig parsed = trainConfig("--dataset", Cli.SEED_CHAT.toString(), ConfigOptions.flag(key), value);
        assertEquals(expected.toMap(), parsed.toMap(), key + " = " + value);
        assertFalse(Objects.equals(CPOConfig.defaults().toMap().get(key), parsed.toMap().get(key)),
                key + " kept its default");
    }

    /** A value of the field's type that differs from TRL's default and passes validation alone. */
    private static String validNonDefault(String key) {
        Class<?> type = CPOConfig.SCHEMA.find(key).type();
        Object defaultValue = CPOConfig.defaults().toMap().get(key);
        List<String> candidates = new ArrayList<>();
        if (type.isEnum()) {
            Arrays.stream(type.getEnumConstants()).map(Object::toString).forEach(candidates::add);
        } else if (type == boolean.class) {
            candidates.add(String.valueOf(!(Boolean) defaultValue));
        } else if (type == double.class) {
            // 0.1 for lora_dropout, whose default is 0.05 and whose range is [0, 1).
            candidates.addAll(List.of("0.05", "0.1", "2.5", "-0.5"));
        } else if (type == String.class) {
            candidates.addAll(List.of("cpu", "some/run", "none"));
        } else {
            candidates.addAll(List.of("600", "3", "-50"));
        }
        for (String candidate : candidates) {
            try {
                Object value = CPOConfig.builder().set(key, candidate).build().toMap().get(key);
                if (!Objects.equals(value, defaultValue)) {
                    return candidate;
                }
            } catch (IllegalArgumentException invalid) {
                // try the next candidate
            }
        }
        throw new AssertionError("no valid non-default value for " + key + " among " + candidates);
    }

    @Test
    void helpSaysWhoseDefaultItIsAndWrapsNoWord() {
        String help = CpoCommand.newCommandLine().getSubcommands().get("train").getUsageMessage();
        assertTrue(help.contains("--lr-scheduler-type=NAME"), help);
        assertTrue(help.contains("TRL default: 1e-6."), "defaults as declared: " + help);
        String device = help.substring(help.indexOf("--device="));
        assertTrue(device.substring(0, device.indexOf("--", 2)).contains("Default: auto."),
                "the toolkit's own settings have no TRL default");
        for (String line : help.split("\n")) {
            assertFalse(line.matches("\\s+[a-z]{1,4}") , "a word cut at the end of the previous line: '" + line + "'");
        }
    }

    @Test
    void booleanFlagsWorkAsSwitches() {
        assertTrue(trainConfig("--dataset", Cli.SEED_CHAT.toString(), "--generate-during-eval").generateDuringEval());
        assertFalse(trainConfig("--dataset", Cli.SEED_CHAT.toString(), "--disable-dropout=false").disableDropout());
    }

    @Test
    void outputIsAnAliasOfOutputDir() {
        assertEquals("runs/x", trainConfig("--output", "runs/x").outputDir());
    }

    @Test
    void flagsOverrideTheConfigFileWhichOverridesTheDefaults(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("cpo.yaml"), "beta: 0.3\nlearning_rate: 0.01\nloss_type: hinge\n");
        CPOConfig config = trainConfig("--dataset", Cli.SEED_CHAT.toString(), "--config", file.toString(),
                "--beta", "0.5");
        assertEquals(0.5, config.beta(), "flag over file");
        assertEquals(0.01, config.learningRate(), "file over default");
        assertEquals("hinge", config.toMap().get("loss_type"));
        assertEquals(CPOConfig.defaults().maxSteps(), config.maxSteps(), "TRL default kept");
    }

    @Test
    void withoutDatasetTheQuickStartDefaultsAreTheBottomLayer(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("cpo.json"), "{\"beta\": 0.2}");
        CPOConfig config = trainConfig("--config", file.toString(), "--logging-steps", "5");
        Map<String, Object> quick = QuickStart.config().build().toMap();
        assertEquals(quick.get("max_steps"), config.maxSteps());
        assertEquals(quick.get("learning_rate"), config.learningRate());
        assertEquals(0.2, config.beta());
        assertEquals(5, config.loggingSteps());
    }

    @Test
    void aPresetIsTheLayerUnderTheFileAndTheFlags(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("cpo.yaml"), "learning_rate: 0.002\n");
        CPOConfig config = trainConfig("--dataset", Cli.SEED_CHAT.toString(), "--preset", "simpo",
                "--config", file.toString(), "--beta", "2.0");
        assertEquals("simpo", config.toMap().get("loss_type"), "from the preset");
        assertEquals(0.002, config.learningRate(), "file over preset");
        assertEquals(2.0, config.beta(), "flag over preset");
        assertEquals(0.6, config.simpoGamma(), 1e-12, "the preset's gamma_beta_ratio 0.3 follows the flag's beta");

        CommandLine cpo = CpoCommand.newCommandLine();
        cpo.parseArgs("train", "--dataset", Cli.SEED_CHAT.toString(), "--preset", "alphpo");
        TrainCommand train = cpo.getSubcommands().get("train").getCommand();
        picocli.CommandLine.ParameterException e = org.junit.jupiter.api.Assertions.assertThrows(
                picocli.CommandLine.ParameterException.class, train::resolveConfig);
        assertTrue(e.getMessage().contains("did you mean 'alphapo'?"), e.getMessage());
    }
}
