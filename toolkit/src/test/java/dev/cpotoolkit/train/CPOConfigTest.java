package dev.cpotoolkit.train;

import dev.cpotoolkit.settings.ConfigException;
import dev.cpotoolkit.loss.LossType;
import dev.cpotoolkit.tokenize.TruncationMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CPOConfigTest {

    @Test
    void defaultsAreTrls() {
        CPOConfig config = CPOConfig.defaults();
        assertEquals(0.1, config.beta());
        assertEquals(LossType.SIGMOID, config.lossType());
        assertEquals(0.0, config.labelSmoothing());
        assertEquals(1.0, config.cpoAlpha());
        assertEquals(0.5, config.simpoGamma());
        assertEquals(0.0, config.alpha());
        assertEquals(1024, config.maxLength());
        assertEquals(512, config.maxPromptLength());
        assertNull(config.maxCompletionLength());
        assertEquals(TruncationMode.KEEP_END, config.truncationMode());
        assertTrue(config.disableDropout());
        assertEquals(-100, config.labelPadTokenId());
        assertNull(config.paddingValue());
        assertEquals(1e-6, config.learningRate());
        assertEquals(8, config.perDeviceTrainBatchSize());
        assertEquals(8, config.perDeviceEvalBatchSize());
        assertEquals(1, config.gradientAccumulationSteps());
        assertEquals(3.0, config.numTrainEpochs());
        assertEquals(-1, config.maxSteps());
        assertEquals(LrSchedulerType.LINEAR, config.lrSchedulerType());
        assertEquals(0.9, config.adamBeta1());
        assertEquals(0.999, config.adamBeta2());
        assertEquals(1e-8, config.adamEpsilon());
        assertEquals(1.0, config.maxGradNorm());
        assertEquals(42, config.seed());
        assertEquals(10, config.loggingSteps());
        assertEquals(10, config.effectiveEvalSteps());
    }

    @Test
    void fluentBuilderAndToBuilder() {
        CPOConfig config = CPOConfig.builder().beta(0.2).lossType("hinge").learningRate(1e-4)
                .perDeviceTrainBatchSize(2).gradientAccumulationSteps(3).build();
        assertEquals(LossType.HINGE, config.lossType());
        assertEquals(6, config.effectiveTrainBatchSize());
        CPOConfig changed = config.toBuilder().beta(0.5).build();
        assertEquals(0.5, changed.beta());
        assertEquals(LossType.HINGE, changed.lossType());
        assertEquals("hinge", changed.loss().name());
    }

    @Test
    void alphapoIsSimpoLossWithoutNll() {
        CPOConfig config = CPOConfig.builder().lossType(LossType.ALPHAPO).alpha(0.25).cpoAlpha(1.0).build();
        assertEquals(0.0, config.cpoAlpha());
        assertTrue(config.loss().averagesLogProbs());
        ConfigException invalid = assertThrows(ConfigException.class,
                () -> CPOConfig.builder().lossType(LossType.ALPHAPO).cpoAlpha(-1).build());
        assertTrue(invalid.getMessage().startsWith("cpo_alpha = -1.0"), "checked before the shorthand zeroes it");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "beta <= 0|beta",
        "ipo with label smoothing|label_smoothing",
        "hinge with label smoothing|label_smoothing",
        "max prompt length >= max length|max_prompt_length",
        "negative batch|per_device_train_batch_size",
        "max steps 0|max_steps",
        "bad device|device",
        "warmup ratio above 1|warmup_ratio",
        "label pad id not negative|label_pad_token_id"})
    void invalidValuesNameTheField(String name, String field) {
        UnaryOperator<CPOConfig.Builder> change = switch (name) {
            case "beta <= 0" -> b -> b.beta(0);
            case "ipo with label smoothing" -> b -> b.lossType(LossType.IPO).labelSmoothing(0.1);
            case "hinge with label smoothing" -> b -> b.lossType(LossType.HINGE).labelSmoothing(0.1);
            case "max prompt length >= max length" -> b -> b.maxLength(128).maxPromptLength(128);
            case "negative batch" -> b -> b.perDeviceTrainBatchSize(-1);
            case "max steps 0" -> b -> b.maxSteps(0);
            case "bad device" -> b -> b.device("tpu");
            case "warmup ratio above 1" -> b -> b.warmupRatio(1.5);
            case "label pad id not negative" -> b -> b.labelPadTokenId(0);
            default -> throw new IllegalArgumentException(name);
        };
        ConfigException error = assertThrows(ConfigException.class, () -> change.apply(CPOConfig.builder()).build());
        assertTrue(error.getMessage().startsWith(field + " = "), error.getMessage());
    }

    @Test
    void unknownLossTypeListsTheKnownOnes() {
        ConfigException error = assertThrows(ConfigException.class, () -> CPOConfig.builder().lossType("dpo"));
        assertTrue(error.getMessage().contains("loss_type"), error.getMessage());
        assertTrue(error.getMessage().contains("sigmoid, hinge, ipo, simpo, alphapo"), error.getMessage());
    }

    @Test
    void setAcceptsSnakeKebabAndCamelNames() {
        CPOConfig config = CPOConfig.builder()
                .set("max_prompt_length", "64").set("max-length", 128).set("warmupRatio", "0.1")
                .set("truncation-mode", "keep_start").set("eval_steps", "null").set("disable_dropout", "false")
                .build();
        assertEquals(64, config.maxPromptLength());
        assertEquals(128, config.maxLength());
        assertEquals(0.1, config.warmupRatio());
        assertEquals(TruncationMode.KEEP_START, config.truncationMode());
        assertNull(config.evalSteps());
        assertEquals(false, config.disableDropout());
    }

    @Test
    void unknownKeySuggestsTheClosestOne() {
        ConfigException error = assertThrows(ConfigException.class, () -> CPOConfig.builder().set("learning_rat", 1));
        assertTrue(error.getMessage().contains("did you mean 'learning_rate'"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"run.json", "run.yaml", "run.yml"})
    void roundTripsThroughFiles(String fileName, @TempDir Path dir) {
        CPOConfig config = CPOConfig.builder().beta(0.25).lossType(LossType.SIMPO).simpoGamma(1.0)
                .maxCompletionLength(32).learningRate(3e-4).seed(7).outputDir("runs/x").saveTotalLimit(2).build();
        Path file = dir.resolve(fileName);
        config.save(file);
        assertEquals(config, CPOConfig.load(file));
    }

    @Test
    void readsTrlStyleYaml(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cpo.yaml");
        Files.writeString(file, "beta: 0.2\nloss_type: ipo\nmax_length: 256\nmax_prompt_length: 128\n"
                + "lr_scheduler_type: cosine\nwarmup_ratio: 0.1\n");
        CPOConfig config = CPOConfig.load(file);
        assertEquals(LossType.IPO, config.lossType());
        assertEquals(LrSchedulerType.COSINE, config.lrSchedulerType());
        assertEquals(256, config.maxLength());
        assertEquals(0.1, config.warmupRatio());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bad.json|{\"beta\": \"abc\"}|beta",
        "bad2.json|{\"max_length\": 12.5}|max_length",
        "bad3.yaml|beta: 0.1\\nunknown_thing: 3|unknown_thing",
        "bad4.json|{not json|not valid JSON",
        "bad5.yaml|[1, 2]|top level",
        "bad6.json|{\"beta\": -1}|beta"})
    void badFilesNameFileAndKey(String fileName, String content, String mention, @TempDir Path dir) throws Exception {
        Path file = dir.resolve(fileName);
        Files.writeString(file, content.replace("\\n", "\n"));
        ConfigException error = assertThrows(ConfigException.class, () -> CPOConfig.load(file));
        assertTrue(error.getMessage().startsWith(file.toString()), error.getMessage());
        assertTrue(error.getMessage().contains(mention), error.getMessage());
    }

    @Test
    void missingAndUnknownFormatFiles(@TempDir Path dir) {
        assertTrue(assertThrows(ConfigException.class, () -> CPOConfig.load(dir.resolve("none.json")))
                .getMessage().contains("not found"));
        assertTrue(assertThrows(ConfigException.class, () -> CPOConfig.load(dir.resolve("cfg.toml")))
                .getMessage().contains("not found"));
    }
}
