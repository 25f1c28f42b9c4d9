package dev.cpotoolkit.train;

import dev.cpotoolkit.settings.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A broken rule names the value, its rule and where the value came from; one default adapts. */
class SettingOriginsTest {

    @Test
    void aValueFromAFileIsNamedWithItsFileAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.yaml");
        Files.writeString(file, "max_steps: 3\nlearning_rate: -0.001\n");
        ConfigException e = assertThrows(ConfigException.class, () -> CPOConfig.load(file));
        assertTrue(e.getMessage().contains("learning_rate = -0.001: must be >= 0"), e.getMessage());
        assertTrue(e.getMessage().contains("learning_rate: from " + file + " line 2"), e.getMessage());
        assertEquals(List.of("learning_rate"), e.settings());
    }

    @Test
    void aJsonFileNamesTheLineOfTheKey(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cpo_config.json");
        Files.writeString(file, "{\n  \"beta\": 0.2,\n  \"max_length\": 50,\n  \"max_prompt_length\": 60\n}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> CPOConfig.load(file));
        assertTrue(e.getMessage().contains("max_prompt_length: from " + file + " line 4; max_length: from "
                + file + " line 3"), e.getMessage());
    }

    @Test
    void aNotANumberFromYamlIsRefusedWithItsOrigin(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.yaml");
        Files.writeString(file, "beta: .nan\n");
        ConfigException e = assertThrows(ConfigException.class, () -> CPOConfig.load(file));
        assertTrue(e.getMessage().contains("beta = NaN: must be a positive number (beta: from " + file + " line 1)"),
                e.getMessage());
    }

    @Test
    void aDefaultIsNamedAsTheDefault() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> CPOConfig.builder().maxPromptLength(2000).build());
        assertTrue(e.getMessage().contains("max_prompt_length: set in code; max_length: TRL's default"),
                e.getMessage());
        assertEquals(List.of("max_prompt_length", "max_length"), e.settings());
    }

    @Test
    void theDefaultPromptLengthAdaptsToAShortMaxLength() {
        CPOConfig.Builder builder = CPOConfig.builder().maxLength(100);
        CPOConfig config = builder.build();
        assertEquals(50, config.maxPromptLength());
        assertEquals(1, builder.adjustments().size());
        assertTrue(builder.adjustments().get(0).startsWith("max_prompt_length = 50: half of max_length = 100"),
                builder.adjustments().get(0));
    }

    @Test
    void aCommandsOwnDefaultAdaptsLikeADeclaredOne() {
        CPOConfig.Builder builder = CPOConfig.builder().maxLength(128).maxPromptLength(64);
        builder.origins().relabelCode("the quick start's default");
        builder.set("max_length", "2", "from --max-length");
        assertEquals(1, builder.build().maxPromptLength());
        assertTrue(builder.adjustments().get(0).contains("the default of 64 (the quick start's default)"),
                builder.adjustments().get(0));
    }

    @Test
    void aPromptLengthSomebodyGaveNeverAdapts() {
        assertThrows(ConfigException.class, () -> CPOConfig.builder().maxLength(100).maxPromptLength(512).build());
        assertEquals(512, CPOConfig.builder().maxLength(1024).build().maxPromptLength());
    }

    @ParameterizedTest
    @CsvSource({"max_steps, 1e12, out of range", "max_steps, 2.5, not a whole number", "seed, 1e30, out of range",
            "max_length, ten, not a number"})
    void numbersThatDoNotFitSaySo(String key, String value, String words) {
        ConfigException e = assertThrows(ConfigException.class, () -> CPOConfig.builder().set(key, value));
        assertTrue(e.getMessage().startsWith(key + " = " + value + ": " + words), e.getMessage());
    }

    @Test
    void aKeyGivenTwiceIsRefused(@TempDir Path dir) throws IOException {
        Path yaml = dir.resolve("run.yaml");
        Files.writeString(yaml, "beta: 0.1\nbeta: 0.2\n");
        ConfigException e = assertThrows(ConfigException.class, () -> CPOConfig.load(yaml));
        assertTrue(e.getMessage().contains(yaml + " line 2") && e.getMessage().contains("duplicate key beta"),
                e.getMessage());
        Path json = dir.resolve("run.json");
        Files.writeString(json, "{\"beta\": 0.1,\n\"beta\": 0.2}\n");
        ConfigException twice = assertThrows(ConfigException.class, () -> CPOConfig.load(json));
        assertTrue(twice.getMessage().contains("\"beta\" is given 2 times (lines 1, 2)"), twice.getMessage());
    }

    @Test
    void malformedJsonSaysNothingOfGsonsLenientMode(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("run.json");
        Files.writeString(json, "{\"beta\": 0.1,, }\n");
        ConfigException e = assertThrows(ConfigException.class, () -> CPOConfig.load(json));
        assertTrue(!e.getMessage().contains("setStrictness") && !e.getMessage().contains("https://"),
                e.getMessage());
        assertTrue(e.getMessage().contains("(line 1, column"), e.getMessage());
    }
}
