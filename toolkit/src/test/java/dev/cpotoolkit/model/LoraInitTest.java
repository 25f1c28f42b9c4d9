package dev.cpotoolkit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cpotoolkit.model.layers.LinearLayer;
import dev.cpotoolkit.model.layers.LoraLayer;
import dev.cpotoolkit.runtime.TorchRuntime;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A new adapter, initialised as the toolkit initialises fresh weights. */
class LoraInitTest {

    /** A fresh adapter changes nothing (B is zero) and its A is uniform within PEFT's Kaiming bound. */
    @Test
    void freshAdapterIsTheIdentityUpdate() {
        try (NDManager manager = TorchRuntime.engine().newBaseManager()) {
            LinearLayer base = new LinearLayer(64, 8, false);
            base.materialize(manager, ModelCheckpoints.seeded(1, 0.02));
            NDArray x = manager.randomNormal(new Shape(3, 64));
            float[] before = base.forward(x).toFloatArray();
            LoraLayer lora = base.attachLora(4, 2f, 0.05f);
            lora.materialize(manager, ModelCheckpoints.seeded(2, 0.02));
            float[] a = lora.loraA().weight().getArray().toFloatArray();
            double bound = 1 / Math.sqrt(64);
            double largest = 0;
            for (float v : a) {
                largest = Math.max(largest, Math.abs(v));
            }
            assertTrue(largest <= bound && largest > 0.8 * bound, "A within ±1/sqrt(in), spread over it: " + largest);
            assertEquals(0f, lora.loraB().weight().getArray().abs().max().getFloat(), "B starts at zero");
            assertArrayEquals(before, base.forward(x).toFloatArray(), 0f);
        }
    }
}
