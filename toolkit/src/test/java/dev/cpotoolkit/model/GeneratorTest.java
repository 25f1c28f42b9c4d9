package dev.cpotoolkit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.cpotoolkit.model.generate.GenerationConfig;
import dev.cpotoolkit.model.generate.Generator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Greedy and sampled generation over a batch of prompts. */
class GeneratorTest {

    @Test
    void greedyBatchMatchesOneAtATimeAndTheArgmaxOfTheLogits() {
        try (CausalLM model = CausalLM.load(Fixtures.folder("tiny-llama"))) {
            List<long[]> prompts = List.of(new long[] {2, 10, 11, 12, 13}, new long[] {2, 20});
            GenerationConfig greedy = GenerationConfig.greedy(6, List.of());
            List<long[]> batch = Generator.generate(model, prompts, greedy);
            for (int r = 0; r < prompts.size(); r++) {
                long[] alone = Generator.generate(model, List.of(prompts.get(r)), greedy).get(0);
                assertArrayEquals(alone, batch.get(r));
                assertEquals(6, alone.length);
            }
            try (NDManager step = model.manager().newSubManager()) {
                NDArray logits = model.forwardNoGrad(ForwardInput.of(step.create(new long[][] {prompts.get(1)}), null));
                assertEquals(logits.get(0).get(1).argMax().getLong(), batch.get(1)[0]);
            }
        }
    }

    @Test
    void samplingIsSeededAndStopsAtEos() {
        try (CausalLM model = CausalLM.load(Fixtures.folder("tiny-gpt2"))) {
            List<long[]> prompts = List.of(new long[] {2, 10, 11});
            GenerationConfig sampled = GenerationConfig.sampled(20, 1.0, 10, 0.9, 123, List.of(3));
            long[] a = Generator.generate(model, prompts, sampled).get(0);
            long[] b = Generator.generate(model, prompts, sampled).get(0);
            assertArrayEquals(a, b);
            assertTrue(a.length <= 20);
            for (int i = 0; i < a.length - 1; i++) {
                assertTrue(a[i] != 3, "nothing after EOS");
            }
            GenerationConfig topOne = GenerationConfig.sampled(5, 1.0, 1, 1.0, 9, List.of());
            assertArrayEquals(Generator.generate(model, prompts, GenerationConfig.greedy(5, List.of())).get(0),
                    Generator.generate(model, prompts, topOne).get(0), "top-k 1 is greedy");
        }
    }
}
