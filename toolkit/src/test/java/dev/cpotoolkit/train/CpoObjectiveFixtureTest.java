package dev.cpotoolkit.train;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.testing.Fixtures;
import dev.cpotoolkit.tokenize.PreferenceBatch;
import dev.cpotoolkit.tokenize.PreferenceCollator;
import dev.cpotoolkit.tokenize.PreferenceTokenizer;
import dev.cpotoolkit.tokenize.RowTokenizer;
import dev.cpotoolkit.tokenize.TokenizationSettings;
import dev.cpotoolkit.tokenize.TruncationMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole CPO objective, from text to TRL's metrics, against the fixtures:
 * every model, truncation setting and loss setting, all eight rows in one batch,
 * losses and all nine metrics within the fixtures' 1e-5 rule.
 */
class CpoObjectiveFixtureTest {

    private static final double TOLERANCE = 1e-5;
    private static final Map<String, CausalLM> MODELS = new HashMap<>();

    static Stream<Arguments> everyLossEntry() {
        return Fixtures.modelsAndSettings().flatMap(ms -> {
            JsonObject losses = Fixtures.expected((String) ms[0]).getAsJsonObject("settings")
                    .getAsJsonObject((String) ms[1]).getAsJsonObject("losses");
            return losses.keySet().stream().map(name -> Arguments.of(ms[0], ms[1], name));
        });
    }

    private static CausalLM model(String name) {
        return MODELS.computeIfAbsent(name, n -> CausalLM.load(Fixtures.model(n)).eval());
    }

    @AfterAll
    static void closeModels() {
        MODELS.values().forEach(CausalLM::close);
        MODELS.clear();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("everyLossEntry")
    void lossesAndMetricsMatchTrl(String modelName, String setting, String lossName) {
        JsonObject settingJson = Fixtures.expected(modelName).getAsJsonObject("settings").getAsJsonObject(setting);
        JsonObject entry = settingJson.getAsJsonObject("losses").getAsJsonObject(lossName);
        JsonObject lossConfig = entry.getAsJsonObject("config");
        CPOConfig config = CPOConfig.builder()
                .set("loss_type", lossConfig.get("loss_type").getAsString())
                .beta(lossConfig.get("beta").getAsDouble())
                .labelSmoothing(lossConfig.get("label_smoothing").getAsDouble())
                .simpoGamma(lossConfig.get("simpo_gamma").getAsDouble())
                .alpha(lossConfig.get("alpha").getAsDouble())
                .cpoAlpha(lossConfig.get("cpo_alpha").getAsDouble())
                .build();
        TokenizationSettings tokenization = TokenizationSettings.of(settingJson.get("max_length").getAsInt(),
                settingJson.get("max_prompt_length").getAsInt(),
                TruncationMode.fromName(settingJson.get("truncation_mode").getAsString()));

        CausalLM model = model(modelName);
        try (PreferenceTokenizer tokenizer = PreferenceTokenizer.load(Fixtures.model(modelName));
             NDManager step = model.manager().newSubManager()) {
            PreferenceBatch batch = PreferenceCollator.of(tokenizer, tokenization)
                    .collate(new RowTokenizer(tokenizer, tokenization).tokenizeAll(Fixtures.prefs()).pairs());
            assertArrayEquals(Fixtures.ints(settingJson.get("concatenated_shape")),
                    new int[] {2 * batch.batchSize(), batch.sequenceLength()});

            CpoObjective objective = CpoObjective.of(config, null);
            TrainingObjective.Step result = objective.compute(model, batch, step, objective.sizeOf(batch));
            BatchOutcome outcome = result.outcome();

            JsonObject perExample = entry.getAsJsonObject("per_example");
            assertClose("losses", Fixtures.doubles(perExample.getAsJsonArray("losses")), outcome.losses());
            assertClose("chosen_rewards", Fixtures.doubles(perExample.getAsJsonArray("chosen_rewards")),
                    outcome.chosenRewards());
            assertClose("rejected_rewards", Fixtures.doubles(perExample.getAsJsonArray("rejected_rewards")),
                    outcome.rejectedRewards());
            assertClose("margins", Fixtures.doubles(perExample.getAsJsonArray("margins")), outcome.margins());
            assertClose("total_loss", entry.get("total_loss").getAsDouble(), result.objective().getFloat());
            assertClose("total_loss (outcome)", entry.get("total_loss").getAsDouble(), outcome.totalLoss());
            assertClose("nll_loss", entry.get("nll_loss").getAsDouble(), outcome.nllLoss());

            Map<String, Double> metrics = outcome.metrics("");
            JsonObject expectedMetrics = entry.getAsJsonObject("metrics");
            for (String key : expectedMetrics.keySet()) {
                assertTrue(metrics.containsKey(key), "metric " + key + " missing");
                assertClose(key, expectedMetrics.get(key).getAsDouble(), metrics.get(key));
            }
        }
    }

    private static void assertClose(String what, double[] expected, double[] actual) {
        assertTrue(expected.length == actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertClose(what + "[" + i + "]", expected[i], actual[i]);
        }
    }

    private static void assertClose(String what, double expected, double actual) {
        assertTrue(Fixtures.closeRelative(actual, expected, TOLERANCE),
                what + ": " + actual + " vs expected " + expected);
    }
}
