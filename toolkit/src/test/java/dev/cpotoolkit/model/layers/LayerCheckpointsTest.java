package dev.cpotoolkit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpointed layers give the plain path's gradients: every parameter of
 * every fixture model, on the fixtures' eight pairs, within 1e-5 of the
 * largest gradient entry; with dropout on, each recomputed layer replays its
 * forward pass exactly, so the gradients are those of the masks the loss saw.
 */
class LayerCheckpointsTest {

    private static final double TOLERANCE = 1e-5;

    static Stream<String> models() {
        return Fixtures.MODELS.stream();
    }

    /** The gradient of every parameter after one CPO forward and backward. */
    private static Map<String, float[]> gradients(Path folder, boolean checkpoint, boolean dropout, long seed,
                                                  double[] replay) {
        return gradients(folder, checkpoint, dropout, seed, replay, false);
    }

    /** With {@code lora}: a LoRA adapter on every linear layer (B moved off zero), the base frozen. */
    private static Map<String, float[]> gradients(Path folder, boolean checkpoint, boolean dropout, long seed,
                                                  double[] replay, boolean lora) {
        TokenizationSettings tokenization = TokenizationSettings.of(64, 32, TruncationMode.KEEP_END);
        try (CausalLM model = CausalLM.load(folder);
             PreferenceTokenizer tokenizer = PreferenceTokenizer.load(folder)) {
            if (dropout) {
                model.train();
            }
            if (lora) {
                dev.cpotoolkit.model.LoraAdapterTest.perturb(model.addLora(dev.cpotoolkit.model.lora.LoraConfig.builder()
                        .r(4).alpha(8).dropout(0.1f).targetModules("all-linear").build(), 3), 5);
            }
            PreferenceBatch batch = PreferenceCollator.of(tokenizer, tokenization)
                    .collate(new RowTokenizer(tokenizer, tokenization).tokenizeAll(Fixtures.prefs()).pairs());
            CpoObjective objective = CpoObjective.of(CPOConfig.builder().build(), null);
            TorchRuntime.engine().setRandomSeed((int) seed);
            try (NDManager step = model.manager().newSubManager();
                 GradientCollector collector = TorchRuntime.engine().newGradientCollector();
                 LayerCheckpoints tape = checkpoint ? model.checkpointLayers(true) : null) {
                TrainingObjective.Step result = objective.compute(model, batch, step, objective.sizeOf(batch));
                collector.backward(result.objective());
                if (tape != null) {
                    assertTrue(tape.size() > 0, "layers recorded");
                    tape.backward(collector);
                    replay[0] = tape.maxReplayDifference();
                }
            }
            Map<String, float[]> gradients = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> entry : model.trainableParameters().entrySet()) {
                try (NDArray gradient = entry.getValue().getArray().getGradient()) {
                    gradients.put(entry.getKey(), gradient.toDense().toFloatArray());
                }
            }
            return gradients;
        }
    }

    private static void assertSameGradients(Map<String, float[]> plain, Map<String, float[]> checkpointed) {
        assertEquals(plain.keySet(), checkpointed.keySet());
        double scale = plain.values().stream().flatMapToDouble(g -> {
            double[] d = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                d[i] = Math.abs(g[i]);
            }
            return java.util.Arrays.stream(d);
        }).max().orElse(1);
        for (String name : plain.keySet()) {
            float[] want = plain.get(name);
            float[] got = checkpointed.get(name);
            for (int i = 0; i < want.length; i++) {
                double difference = Math.abs(want[i] - got[i]);
                assertTrue(difference <= TOLERANCE * Math.max(scale, 1e-12),
                        name + "[" + i + "]: " + got[i] + " vs " + want[i] + " (largest entry " + scale + ")");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void checkpointedGradientsEqualThePlainOnes(String model) {
        Path folder = Fixtures.model(model);
        double[] replay = new double[1];
        Map<String, float[]> plain = gradients(folder, false, false, 1, replay);
        Map<String, float[]> checkpointed = gradients(folder, true, false, 1, replay);
        assertEquals(0.0, replay[0], "recomputation replays the forward pass");
        assertTrue(plain.values().stream().anyMatch(g -> {
            for (float v : g) {
                if (v != 0) {
                    return true;
                }
            }
            return false;
        }), "the loss has gradients at all");
        assertSameGradients(plain, checkpointed);
    }

    @ParameterizedTest
    @MethodSource("models")
    void aLoraAdapterGetsThePlainGradientsToo(String model) {
        Path folder = Fixtures.model(model);
        double[] replay = new double[1];
        Map<String, float[]> plain = gradients(folder, false, false, 1, replay, true);
        Map<String, float[]> checkpointed = gradients(folder, true, false, 1, replay, true);
        assertTrue(plain.keySet().stream().allMatch(n -> n.contains(".lora_")), "only the adapter has gradients");
        assertEquals(0.0, replay[0], "recomputation replays the forward pass");
        assertSameGradients(plain, checkpointed);
    }

    @ParameterizedTest
    @MethodSource("models")
    void withDropoutEachRecomputationDropsTheSameUnits(String model, @TempDir Path dir) throws IOException {
        Path folder = withDropout(Fixtures.model(model), dir.resolve(model));
        double[] replay = new double[1];
        Map<String, float[]> first = gradients(folder, true, true, 7, replay);
        assertEquals(0.0, replay[0], "dropout masks replay exactly");
        Map<String, float[]> again = gradients(folder, true, true, 7, replay);
        assertSameGradients(first, again);
        Map<String, float[]> withoutDropout = gradients(folder, false, false, 7, replay);
        boolean differs = false;
        for (String name : first.keySet()) {
            differs |= !java.util.Arrays.equals(first.get(name), withoutDropout.get(name));
        }
        assertTrue(differs, "dropout was active");
    }

    /** A copy of a fixture model with 10% dropout wherever its config has a dropout rate. */
    private static Path withDropout(Path source, Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        Path configFile = target.resolve("config.json");
        JsonObject config = JsonParser.parseString(Files.readString(configFile)).getAsJsonObject();
        for (String key : new String[] {"attn_pdrop", "embd_pdrop", "resid_pdrop", "attention_dropout"}) {
            if (config.has(key)) {
                config.addProperty(key, 0.1);
            }
        }
        Files.writeString(configFile, config.toString());
        return target;
    }
}
