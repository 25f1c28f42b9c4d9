package dev.cpotoolkit.settings;

import dev.cpotoolkit.train.CPOConfig;
import dev.cpotoolkit.train.CpoSettings;
import dev.cpotoolkit.train.TrainingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each setting is one declaration: these tests hold the generated builder, the
 * flat accessors, files and validation to what the {@code @Setting}
 * annotations say.
 */
class SettingsDeclarationTest {

    static List<SettingSpec> settings() {
        return CPOConfig.SCHEMA.settings();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void everySettingIsDeclaredWithAKeyHelpAndAValidDefault(SettingSpec setting) {
        assertTrue(setting.key().matches("[a-z][a-z0-9_]*"), "TRL keys are snake_case: " + setting.key());
        assertFalse(setting.help().isBlank(), setting.key() + " has no help");
        assertTrue(setting.help().endsWith(".") || setting.help().endsWith(")"), "one sentence: " + setting.help());
        // The default went through the same conversion and rule as any value (SettingSpec's constructor).
        assertEquals(setting.defaultValue(), setting.convert(setting.defaultText()), setting.key());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void theGeneratedBuilderAndAccessorsCoverEverySetting(SettingSpec setting) throws ReflectiveOperationException {
        Method setter = CPOConfig.Builder.class.getMethod(setting.javaName(), setting.type());
        assertEquals(CPOConfig.Builder.class, setter.invoke(CPOConfig.builder(), setting.defaultValue()).getClass());
        if (setting.type().isEnum()) {
            CPOConfig.Builder.class.getMethod(setting.javaName(), String.class);
        }
        Method flat = CPOConfig.class.getMethod(setting.javaName());
        assertEquals(setting.type(), flat.getReturnType());
        assertEquals(setting.defaultValue(), flat.invoke(CPOConfig.defaults()), "builder starts at the default");
    }

    @Test
    void theSettingsAreSplitAsTrlSplitsThem() {
        assertEquals(CpoSettings.class, CPOConfig.SCHEMA.find("beta").owner());
        assertEquals(CpoSettings.class, CPOConfig.SCHEMA.find("dataset_num_proc").owner());
        assertEquals(TrainingSettings.class, CPOConfig.SCHEMA.find("learning_rate").owner());
        assertEquals(TrainingSettings.class, CPOConfig.SCHEMA.find("group_by_length").owner());
        CPOConfig config = CPOConfig.builder().beta(0.3).learningRate(0.01).build();
        assertEquals(0.3, config.cpo().beta());
        assertEquals(0.01, config.training().learningRate());
        assertEquals(config, CPOConfig.builder().from(config).build());
        assertEquals(config, config.toBuilder().build());
    }

    @Test
    void filesWriteEveryDeclaredKeyInDeclarationOrder() {
        Map<String, Object> map = CPOConfig.defaults().toMap();
        assertEquals(CPOConfig.SCHEMA.keys(), List.copyOf(map.keySet()));
        assertEquals("keep_end", map.get("truncation_mode"), "enums as TRL writes them");
        assertEquals(CPOConfig.defaults(), CPOConfig.builder().set("loss_type", "sigmoid").build());
    }

    @Test
    void aValueBreakingItsDeclaredRuleNamesTheKeyValueAndRule() {
        ConfigException negative = assertThrows(ConfigException.class,
                () -> CPOConfig.builder().datasetNumProc(0).build());
        assertEquals("dataset_num_proc = 0: must be positive or null (dataset_num_proc: set in code)",
                negative.getMessage());
        ConfigException device = assertThrows(ConfigException.class, () -> CPOConfig.builder().device("tpu").build());
        assertEquals("device = tpu: must be auto, cpu, gpu or gpu:N (device: set in code)", device.getMessage());
        ConfigException text = assertThrows(ConfigException.class, () -> CPOConfig.builder().set("seed", "x"));
        assertTrue(text.getMessage().startsWith("seed = x: "), text.getMessage());
    }

    @Test
    void aRecordWithoutDeclarationsIsRefused() {
        record Undeclared(int x) {}
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> SettingsSchema.of(Undeclared.class));
        assertTrue(error.getMessage().contains("lacks its @Setting"), error.getMessage());
    }
}
