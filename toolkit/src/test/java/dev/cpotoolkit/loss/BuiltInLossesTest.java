package dev.cpotoolkit.loss;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import dev.cpotoolkit.runtime.TorchRuntime;
import dev.cpotoolkit.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every built-in loss against the fixtures: from the per-example log-probs that
 * Hugging Face computes, our losses, rewards and margins must equal TRL's within
 * the fixtures' 1e-5 rule.
 */
class BuiltInLossesTest {

    private static final double TOLERANCE = 1e-5;

    static Stream<Arguments> everyLossEntry() {
        return Fixtures.modelsAndSettings().flatMap(ms -> {
            JsonObject losses = Fixtures.expected((String) ms[0]).getAsJsonObject("settings")
                    .getAsJsonObject((String) ms[1]).getAsJsonObject("losses");
            return losses.keySet().stream().map(name -> Arguments.of(ms[0], ms[1], name));
        });
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("everyLossEntry")
    void matchesTrlPerExample(String model, String setting, String lossName) {
        JsonObject entry = Fixtures.expected(model).getAsJsonObject("settings").getAsJsonObject(setting)
                .getAsJsonObject("losses").getAsJsonObject(lossName);
        JsonObject config = entry.getAsJsonObject("config");
        JsonObject perExample = entry.getAsJsonObject("per_example");
        LossType type = lossName.equals("alphapo") ? LossType.ALPHAPO : LossType.parse(config.get("loss_type").getAsString());
        PreferenceLoss loss = BuiltInLosses.create(type, config.get("beta").getAsDouble(),
                config.get("label_smoothing").getAsDouble(),
                config.get("simpo_gamma").getAsDouble(), config.get("alpha").getAsDouble());
        assertEquals(type.averagesLogProbs(), loss.averagesLogProbs(), "sum vs mean log-probs");

        try (NDManager manager = TorchRuntime.newManager()) {
            NDArray chosen = manager.create(Fixtures.floats(perExample.getAsJsonArray("chosen_logps")));
            NDArray rejected = manager.create(Fixtures.floats(perExample.getAsJsonArray("rejected_logps")));
            LossOutput out = loss.evaluate(new LogProbPair(chosen, rejected));

            Map<String, float[]> actual = Map.of(
                    "losses", out.losses().toFloatArray(),
                    "chosen_rewards", out.chosenRewards().toFloatArray(),
                    "rejected_rewards", out.rejectedRewards().toFloatArray(),
                    "margins", out.margins().toFloatArray());
            actual.forEach((key, values) -> {
                double[] expected = Fixtures.doubles(perExample.getAsJsonArray(key));
                assertEquals(expected.length, values.length, key);
                for (int i = 0; i < expected.length; i++) {
                    assertTrue(Fixtures.closeRelative(values[i], expected[i], TOLERANCE),
                            key + "[" + i + "]: " + values[i] + " vs " + expected[i]);
                }
            });
            double meanLoss = out.losses().mean().getFloat();
            assertTrue(Fixtures.closeRelative(meanLoss, entry.get("mean_loss").getAsDouble(), TOLERANCE),
                    "mean_loss " + meanLoss);
            double total = meanLoss + config.get("cpo_alpha").getAsDouble() * entry.get("nll_loss").getAsDouble();
            assertTrue(Fixtures.closeRelative(total, entry.get("total_loss").getAsDouble(), TOLERANCE),
                    "total_loss " + total);
        }
    }

    @Test
    void sigmoidGradientIsMinusBetaTimesSigmoidOfMinusScaledMargin() {
        double beta = 0.5;
        float[] chosen = {-3f, -10f, -1f};
        float[] rejected = {-4f, -2f, -1f};
        try (NDManager manager = TorchRuntime.newManager()) {
            NDArray c = manager.create(chosen);
            NDArray r = manager.create(rejected);
            c.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray total = new SigmoidLoss(beta, 0, RewardShape.LOG_PROB).losses(new LogProbPair(c, r)).sum();
                collector.backward(total);
            }
            float[] grad = c.getGradient().toFloatArray();
            for (int i = 0; i < chosen.length; i++) {
                double d = chosen[i] - rejected[i];
                double expected = -beta / (1 + Math.exp(beta * d));
                assertEquals(expected, grad[i], 1e-6, "d loss / d chosen[" + i + "]");
            }
        }
    }

    @Test
    void customLambdaLossTrainsLikeABuiltInOne() {
        double beta = 0.3;
        PreferenceLoss mySigmoid = pair -> Activation.softPlus(pair.logRatio().mul(pair.constant(beta)).neg());
        PreferenceLoss builtIn = new SigmoidLoss(beta, 0, RewardShape.LOG_PROB);
        try (NDManager manager = TorchRuntime.newManager()) {
            NDArray c = manager.create(new float[] {-3f, -7f});
            NDArray r = manager.create(new float[] {-5f, -2f});
            LogProbPair pair = new LogProbPair(c, r);
            LossOutput custom = mySigmoid.withBeta(beta).named("mine").evaluate(pair);
            LossOutput reference = builtIn.evaluate(pair);
            assertEquals(reference.losses(), custom.losses());
            assertEquals(reference.chosenRewards(), custom.chosenRewards());
            assertEquals("mine", mySigmoid.named("mine").name());
            assertEquals(beta, mySigmoid.withBeta(beta).named("mine").averagingLogProbs().beta());
            assertTrue(mySigmoid.averagingLogProbs().averagesLogProbs());
            // A lambda without a beta logs rewards at TRL's default temperature.
            assertEquals(PreferenceLoss.DEFAULT_BETA, mySigmoid.beta());
            assertEquals(c.mul(PreferenceLoss.DEFAULT_BETA), mySigmoid.evaluate(pair).chosenRewards());
        }
    }

    @Test
    void aBuiltInLossOwnsItsBetaAndWithBetaRebuildsIt() {
        PreferenceLoss hinge = BuiltInLosses.create(LossType.HINGE, 0.5, 0, 0.5, 0);
        PreferenceLoss renamed = hinge.named("my-hinge").withBeta(2.0);
        try (NDManager manager = TorchRuntime.newManager()) {
            LogProbPair pair = new LogProbPair(manager.create(new float[] {-1f}), manager.create(new float[] {-2f}));
            // relu(1 - beta d) with d = 1: beta 0.5 leaves 0.5, beta 2 leaves 0.
            assertEquals(0.5f, hinge.losses(pair).getFloat(), 1e-6);
            assertEquals(0f, renamed.losses(pair).getFloat(), 1e-6);
            assertEquals(-2f, renamed.evaluate(pair).chosenRewards().getFloat(), 1e-6);
            assertEquals("my-hinge", renamed.name());
        }
    }

    @Test
    void aBuiltInLossRejectsANonPositiveBeta() {
        IllegalArgumentException error = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> BuiltInLosses.create(LossType.SIGMOID, 0, 0, 0.5, 0));
        assertTrue(error.getMessage().contains("beta = 0.0"), error.getMessage());
    }

    @Test
    void lossTypeNamesAreTrls() {
        assertEquals(LossType.HINGE, LossType.parse("Hinge"));
        IllegalArgumentException error = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> LossType.parse("dpo"));
        assertTrue(error.getMessage().contains("sigmoid, hinge, ipo, simpo, alphapo"), error.getMessage());
    }
}
