package dev.cpotoolkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import dev.cpotoolkit.runtime.TorchRuntime;
import dev.cpotoolkit.testing.Fixtures;
import dev.cpotoolkit.tokenize.PreferenceBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gradients of the trainer's own objective against the fixtures' gradient
 * norms, with garbage collection forced between forward and backward. A Java
 * number passed into a differentiated NDArray operation becomes a temporary
 * native scalar that is freed when collected while autograd still points at it
 * (DJL notes, danger 1); forcing collection here makes any such use in the
 * model, the log-probs or the losses show up as wrong gradients.
 */
class ObjectiveGradientTest {

    static java.util.List<String> models() {
        return Fixtures.MODELS;
    }

    @ParameterizedTest
    @MethodSource("models")
    void gradientNormsMatchWithGarbageCollectedBeforeBackward(String name) {
        JsonObject norms = Fixtures.expected(name).getAsJsonObject("grad_norms").getAsJsonObject("norms");
        CPOConfig config = CPOConfig.builder().maxLength(64).maxPromptLength(32).beta(0.1).cpoAlpha(1.0).build();
        try (TrainerFixture fixture = TrainerFixture.fixtureModel(name)) {
            TokenizedDataset data = TokenizedDataset.of(fixture.dataset, fixture.tokenizer, config);
            PreferenceBatch batch = data.batch(new int[] {0, 1, 2, 3, 4, 5, 6, 7});
            CpoObjective objective = CpoObjective.of(config, null);
            Map<String, Parameter> params = fixture.model.namedParameters();
            for (int round = 0; round < 3; round++) {
                params.values().forEach(p -> JniUtils.zeroGrad((PtNDArray) p.getArray()));
                try (NDManager step = fixture.model.manager().newSubManager();
                     GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
                    NDArray loss = objective.compute(fixture.model, batch, step, objective.sizeOf(batch)).objective();
                    churnGarbage();
                    collector.backward(loss);
                }
                for (Map.Entry<String, Parameter> entry : params.entrySet()) {
                    double norm;
                    try (NDArray gradient = entry.getValue().getArray().getGradient()) {
                        norm = Math.sqrt(gradient.square().sum().getFloat());
                    }
                    double expected = norms.get(entry.getKey()).getAsDouble();
                    assertTrue(Math.abs(norm - expected) / expected <= 1e-3,
                            name + " round " + round + " " + entry.getKey() + ": " + norm + " vs " + expected);
                }
            }
        }
    }

    private static void churnGarbage() {
        for (int i = 0; i < 3; i++) {
            byte[][] junk = new byte[64][];
            for (int j = 0; j < junk.length; j++) {
                junk[j] = new byte[1 << 16];
            }
            System.gc();
            System.runFinalization();
        }
    }
}
