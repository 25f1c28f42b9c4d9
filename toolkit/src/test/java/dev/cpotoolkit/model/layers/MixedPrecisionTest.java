package dev.cpotoolkit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.runtime.TorchRuntime;
import dev.cpotoolkit.testing.Fixtures;
import dev.cpotoolkit.tokenize.PreferenceBatch;
import dev.cpotoolkit.tokenize.PreferenceCollator;
import dev.cpotoolkit.tokenize.PreferenceTokenizer;
import dev.cpotoolkit.tokenize.RowTokenizer;
import dev.cpotoolkit.tokenize.TokenizationSettings;
import dev.cpotoolkit.tokenize.TruncationMode;
import dev.cpotoolkit.train.CPOConfig;
import dev.cpotoolkit.train.CpoObjective;
import dev.cpotoolkit.train.TrainingObjective;
import dev.cpotoolkit.train.TrainingStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bf16 mixed precision against float32 on every fixture model: the CPO loss
 * and every parameter's gradient stay within bfloat16's rounding of the
 * float32 ones, the bf16 path really runs (results differ from float32), no
 * array outlives its step, and the slow-CPU warning is one line, once.
 *
 * <p>Tolerances: bfloat16 keeps 8 significant bits, so each rounding of an
 * operand is off by up to 2^-9 (0.2%) relatively. A matmul's float32
 * accumulation averages independent roundings, but they compound through the
 * layers (two here, each with four matmul sites) and the LM head, so we allow
 * 1% on the loss (a scalar that averages many log-probs) and 5% on the whole
 * gradient vector's relative L2 error (gradients pass through the bf16 casts
 * twice: forward activations and backward products).
 */
class MixedPrecisionTest {

    private static final double LOSS_TOLERANCE = 0.01;
    private static final double GRADIENT_TOLERANCE = 0.05;

    static Stream<String> models() {
        return Fixtures.MODELS.stream();
    }

    /** The loss and every parameter's gradient after one CPO forward and backward. */
    private record Outcome(double loss, Map<String, float[]> gradients) {}

    private static Outcome run(Path folder, boolean bf16) {
        TokenizationSettings tokenization = TokenizationSettings.of(64, 32, TruncationMode.KEEP_END);
        try (CausalLM model = CausalLM.load(folder);
             PreferenceTokenizer tokenizer = PreferenceTokenizer.load(folder)) {
            PreferenceBatch batch = PreferenceCollator.of(tokenizer, tokenization)
                    .collate(new RowTokenizer(tokenizer, tokenization).tokenizeAll(Fixtures.prefs()).pairs());
            CpoObjective objective = CpoObjective.of(CPOConfig.builder().build(), null);
            double loss;
            try (MixedPrecision.Scope precision = MixedPrecision.of(bf16);
                 NDManager step = model.manager().newSubManager();
                 GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
                TrainingObjective.Step result = objective.compute(model, batch, step, objective.sizeOf(batch));
                loss = result.objective().getFloat();
                collector.backward(result.objective());
            }
            Map<String, float[]> gradients = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> entry : model.namedParameters().entrySet()) {
                try (NDArray gradient = entry.getValue().getArray().getGradient()) {
                    gradients.put(entry.getKey(), gradient.toDense().toFloatArray());
                }
            }
            return new Outcome(loss, gradients);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void lossAndGradientsStayWithinBfloat16RoundingOfFloat32(String model) {
        Path folder = Fixtures.model(model);
        Outcome fp32 = run(folder, false);
        Outcome bf16 = run(folder, true);
        assertNotEquals(fp32.loss(), bf16.loss(), "bf16 changed the arithmetic at all");
        double lossError = Math.abs(bf16.loss() - fp32.loss()) / Math.abs(fp32.loss());
        assertTrue(lossError <= LOSS_TOLERANCE, "loss " + bf16.loss() + " vs " + fp32.loss());
        double difference = 0;
        double norm = 0;
        for (String name : fp32.gradients().keySet()) {
            float[] want = fp32.gradients().get(name);
            float[] got = bf16.gradients().get(name);
            for (int i = 0; i < want.length; i++) {
                difference += (got[i] - want[i]) * (double) (got[i] - want[i]);
                norm += want[i] * (double) want[i];
            }
        }
        assertTrue(norm > 0, "the loss has gradients at all");
        double relative = Math.sqrt(difference / norm);
        System.out.printf("%s: loss fp32 %.6f bf16 %.6f (rel %.2e), gradient rel L2 %.2e%n", model,
                fp32.loss(), bf16.loss(), lossError, relative);
        assertTrue(relative <= GRADIENT_TOLERANCE, "gradient relative L2 error " + relative);
    }

    @Test
    void stepsInsideABf16RegionLeaveNoArraysBehind() {
        Path folder = Fixtures.model("tiny-qwen2");
        TokenizationSettings tokenization = TokenizationSettings.of(64, 32, TruncationMode.KEEP_END);
        try (CausalLM model = CausalLM.load(folder);
             PreferenceTokenizer tokenizer = PreferenceTokenizer.load(folder)) {
            PreferenceBatch batch = PreferenceCollator.of(tokenizer, tokenization)
                    .collate(new RowTokenizer(tokenizer, tokenization).tokenizeAll(Fixtures.prefs()).pairs());
            CpoObjective objective = CpoObjective.of(CPOConfig.builder().build(), null);
            int before = model.manager().getManagedArrays().size();
            for (int i = 0; i < 20; i++) {
                try (MixedPrecision.Scope precision = MixedPrecision.bf16();
                     NDManager step = model.manager().newSubManager();
                     GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
                    collector.backward(objective.compute(model, batch, step, objective.sizeOf(batch)).objective());
                }
                assertEquals(before, model.manager().getManagedArrays().size(), "live arrays after step " + i);
            }
        }
        assertFalse(MixedPrecision.active(), "the region closed");
    }

    @Test
    void theBf16SettingReachesTheTrainingStep() {
        Path folder = Fixtures.model("tiny-gpt2");
        TokenizationSettings tokenization = TokenizationSettings.of(64, 32, TruncationMode.KEEP_END);
        try (CausalLM model = CausalLM.load(folder);
             PreferenceTokenizer tokenizer = PreferenceTokenizer.load(folder)) {
            PreferenceBatch batch = PreferenceCollator.of(tokenizer, tokenization)
                    .collate(new RowTokenizer(tokenizer, tokenization).tokenizeAll(Fixtures.prefs()).pairs());
            double[] losses = new double[2];
            for (int i = 0; i < 2; i++) {
                CPOConfig config = CPOConfig.builder().bf16(i == 1).build();
                assertEquals(i == 1, config.bf16());
                try (TrainingStep step = TrainingStep.of(model, CpoObjective.of(config, null), config)) {
                    losses[i] = step.lossWithoutUpdate(batch);
                }
            }
            assertNotEquals(losses[0], losses[1], "bf16: true changed the step's arithmetic");
            assertEquals(losses[0], losses[1], LOSS_TOLERANCE * Math.abs(losses[0]));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "fpu sse2 avx avx2 fma|amd64|slow",
        "fpu avx2 avx512f avx512_bf16|amd64|fast",
        "fpu avx2 amx_bf16 amx_tile|amd64|fast",
        "fp asimd bf16|aarch64|unknown",
    })
    void slowReasonFollowsTheCpuFlags(String flags, String arch, String expected) {
        String reason = MixedPrecision.slowReason(flags, arch);
        if (expected.equals("slow")) {
            assertTrue(reason != null && reason.contains("avx512_bf16"), String.valueOf(reason));
        } else {
            assertNull(reason);
        }
    }

    @Test
    void aCpuWithoutBf16WarnsOnceInOneLine() {
        String flags = MixedPrecisionTestSupport.cpuFlags();
        boolean slow = MixedPrecision.slowReason(flags, System.getProperty("os.arch")) != null;
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        MixedPrecision.resetWarning();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            for (int i = 0; i < 3; i++) {
                try (MixedPrecision.Scope precision = MixedPrecision.bf16()) {
                    assertTrue(MixedPrecision.active());
                }
            }
        } finally {
            System.setErr(original);
        }
        long lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("bf16")).count();
        assertEquals(slow ? 1 : 0, lines, captured.toString(StandardCharsets.UTF_8));
    }
}
