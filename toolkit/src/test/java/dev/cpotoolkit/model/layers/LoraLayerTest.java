package dev.cpotoolkit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cpotoolkit.runtime.TorchRuntime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@link LoraLayer} against PyTorch: forward output, gradients of A and B and
 * the merged weight, for a {@code nn.Linear} base and a GPT-2 Conv1D base
 * (fan_in_fan_out), with plain and rsLoRA scaling. The reference is
 * {@code lora/lora_reference.json}, written by {@code make_lora_reference.py}
 * beside it with torch 1.13.
 */
class LoraLayerTest {

    private static final float TOLERANCE = 1e-5f;

    static Stream<JsonObject> cases() throws IOException {
        try (InputStream in = LoraLayerTest.class.getResourceAsStream("/lora/lora_reference.json")) {
            JsonArray all = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonArray();
            List<JsonObject> cases = new ArrayList<>();
            for (JsonElement element : all) {
                cases.add(element.getAsJsonObject());
            }
            return cases.stream();
        }
    }

    private static float[] floats(JsonObject c, String field) {
        JsonArray array = c.getAsJsonArray(field);
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).getAsFloat();
        }
        return values;
    }

    private static long[] shape(JsonObject c, String field) {
        JsonArray array = c.getAsJsonArray(field);
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).getAsLong();
        }
        return values;
    }

    /** Builds the case's projection with its adapter and the reference's weights, the base frozen as PEFT leaves it. */
    private static Projection layer(JsonObject c, NDManager manager) {
        long in = c.get("in").getAsLong();
        long out = c.get("out").getAsLong();
        boolean conv = c.get("kind").getAsString().equals("conv1d");
        Projection base = conv ? new Conv1D(in, out) : new LinearLayer(in, out, true);
        Map<String, String> fields = Map.of("weight", "weight", "bias", "bias",
                "lora_A.weight", "lora_A", "lora_B.weight", "lora_B");
        ModuleBlock.Initializer fromReference = (name, shape, init) -> floats(c, fields.get(name));
        base.materialize(manager, fromReference);
        for (Parameter parameter : base.getParameters().values()) {
            parameter.freeze(true);
        }
        LoraLayer lora = base.attachLora(c.get("r").getAsInt(), c.get("scaling").getAsFloat(), 0f);
        lora.materialize(manager, fromReference);
        return base;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardBackwardAndMergeMatchPyTorch(JsonObject c) {
        try (NDManager manager = TorchRuntime.engine().newBaseManager()) {
            Projection base = layer(c, manager);
            LoraLayer lora = base.lora().orElseThrow();
            float[] y;
            try (NDManager step = manager.newSubManager();
                 GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
                ForwardContext ctx = new ForwardContext(step, step.getDevice(), true);
                NDArray x = step.create(floats(c, "x"), new Shape(shape(c, "x_shape")));
                NDArray upstream = step.create(floats(c, "upstream"), x.getShape().slice(0, 2).add(c.get("out").getAsLong()));
                NDArray output = base.forward(ctx, x);
                y = output.toFloatArray();
                collector.backward(output.mul(upstream).sum());
            }
            assertArrayEquals(floats(c, "y"), y, TOLERANCE, "forward");
            assertArrayEquals(floats(c, "grad_A"), lora.loraA().weight().getArray().getGradient().toFloatArray(),
                    TOLERANCE, "lora_A gradient");
            assertArrayEquals(floats(c, "grad_B"), lora.loraB().weight().getArray().getGradient().toFloatArray(),
                    TOLERANCE, "lora_B gradient");
            NDArray baseWeight = base.weight().getArray();
            assertFalse(baseWeight.hasGradient(), "the base weight is frozen");
            try (NDArray merged = baseWeight.add(lora.delta())) {
                assertArrayEquals(floats(c, "merged_weight"), merged.toFloatArray(), TOLERANCE, "merged weight");
            }
        }
    }
}
