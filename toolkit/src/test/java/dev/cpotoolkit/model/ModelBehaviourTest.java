package dev.cpotoolkit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import dev.cpotoolkit.runtime.TorchRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Modes, presets, general inputs and array hygiene. */
class ModelBehaviourTest {

    @Test
    void tinyPresetIsAboutAMillionParametersAndSeeded() {
        try (CausalLM a = ModelPresets.tiny(42);
             CausalLM b = ModelPresets.tiny(42);
             CausalLM c = ModelPresets.tiny(43)) {
            assertEquals(988_288L, a.parameterCount());
            boolean anyDifferent = false;
            for (Map.Entry<String, Parameter> entry : a.namedParameters().entrySet()) {
                float[] x = entry.getValue().getArray().toFloatArray();
                assertArrayEquals(x, b.namedParameters().get(entry.getKey()).getArray().toFloatArray(), 0f);
                anyDifferent |= !java.util.Arrays.equals(x,
                        c.namedParameters().get(entry.getKey()).getArray().toFloatArray());
            }
            assertTrue(anyDifferent, "another seed gives other weights");
            try (NDManager step = a.manager().newSubManager()) {
                NDArray ids = step.create(new long[][] {{1, 5, 9, 2000}});
                assertEquals(new Shape(1, 4, 2048), a.forwardNoGrad(ForwardInput.of(ids, null)).getShape());
            }
        }
    }

    @Test
    void dropoutOnlyInTrainModeAndNotWhenDisabled() throws Exception {
        JsonObject json = ModelConfig.load(Fixtures.folder("tiny-gpt2").resolve("config.json")).toJson();
        json.addProperty("resid_pdrop", 0.5);
        json.addProperty("embd_pdrop", 0.5);
        json.addProperty("attn_pdrop", 0.5);
        try (CausalLM model = CausalLM.fromConfig(ModelConfig.fromJson(json, null), 1);
             NDManager step = model.manager().newSubManager()) {
            NDArray ids = step.create(new long[][] {{2, 5, 9, 11, 3}});
            ForwardInput input = ForwardInput.of(ids, ids.onesLike());
            assertFalse(model.isTraining(), "models start in eval mode");
            float[] eval = model.forwardNoGrad(input).toFloatArray();
            assertArrayEquals(eval, model.forwardNoGrad(input).toFloatArray(), 0f);
            model.train();
            assertFalse(java.util.Arrays.equals(eval, model.forwardNoGrad(input).toFloatArray()),
                    "train mode drops");
            model.setDisableDropout(true);
            assertArrayEquals(eval, model.forwardNoGrad(input).toFloatArray(), 0f);
            model.setDisableDropout(false).eval();
            assertArrayEquals(eval, model.forwardNoGrad(input).toFloatArray(), 0f);
        }
    }

    /** Two sequences packed in one row (positions restart, block-diagonal mask) equal two separate rows. */
    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "tiny-qwen2"})
    void explicitPositionsAndFullMaskSupportPacking(String name) {
        try (CausalLM model = CausalLM.load(Fixtures.folder(name));
             NDManager step = model.manager().newSubManager()) {
            long[] first = {2, 10, 11, 12};
            long[] second = {2, 20, 21};
            NDArray separateA = model.forwardNoGrad(ForwardInput.of(step.create(new long[][] {first}), null));
            NDArray separateB = model.forwardNoGrad(ForwardInput.of(step.create(new long[][] {second}), null));
            NDArray ids = step.create(new long[][] {{2, 10, 11, 12, 2, 20, 21}});
            NDArray positions = step.create(new long[][] {{0, 1, 2, 3, 0, 1, 2}});
            boolean[] allowed = new boolean[49];
            for (int i = 0; i < 7; i++) {
                for (int j = 0; j <= i; j++) {
                    allowed[i * 7 + j] = (i < 4) == (j < 4);
                }
            }
            NDArray mask = step.create(allowed, new Shape(1, 7, 7));
            NDArray packed = model.forwardNoGrad(new ForwardInput(ids, mask, positions));
            assertArrayEquals(separateA.toFloatArray(), packed.get(":, 0:4, :").toFloatArray(), 1e-5f);
            assertArrayEquals(separateB.toFloatArray(), packed.get(":, 4:7, :").toFloatArray(), 1e-5f);
        }
    }

    @Test
    void aRowWithNoVisibleKeyStaysFinite() {
        try (CausalLM model = CausalLM.load(Fixtures.folder("tiny-llama"));
             NDManager step = model.manager().newSubManager()) {
            NDArray ids = step.create(new long[][] {{0, 0, 5}, {2, 7, 0}});
            NDArray mask = step.create(new long[][] {{0, 0, 1}, {1, 1, 0}});
            float[] logits = model.forwardNoGrad(ForwardInput.of(ids, mask)).toFloatArray();
            for (float v : logits) {
                assertTrue(Float.isFinite(v));
            }
        }
    }

    @Test
    void forwardAndBackwardDoNotLeakArrays() {
        try (CausalLM model = CausalLM.load(Fixtures.folder("tiny-qwen2"))) {
            model.train();
            int before = model.manager().getManagedArrays().size();
            for (int i = 0; i < 100; i++) {
                try (NDManager step = model.manager().newSubManager()) {
                    Fixtures.Batch batch = Fixtures.batch("tiny-qwen2", step);
                    try (GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
                        collector.backward(FixtureParityTest.cpoSigmoidLoss(model, step, batch, 0.1f, 1.0f));
                    }
                    NDArray grad = model.namedParameters().get("model.norm.weight").getArray().getGradient();
                    grad.attach(step);
                    assertEquals(DataType.FLOAT32, grad.getDataType());
                }
                assertEquals(before, model.manager().getManagedArrays().size(), "live arrays after step " + i);
            }
        }
    }
}
