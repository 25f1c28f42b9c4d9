package dev.cpotoolkit.train.optim;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Live NDArray counts stay constant over many steps: the update, the gradient
 * handles, clipping and the per-step scalars leave nothing behind in the
 * parameters' manager or in the optimizer's.
 */
class AdamWLeakTest {

    @ParameterizedTest(name = "fused={0}")
    @ValueSource(booleans = {true, false})
    void noArrayLeaksOverTwoHundredSteps(boolean fused) {
        SplittableRandom random = new SplittableRandom(1);
        try (TestParameters params = new TestParameters()) {
            params.add("transformer.h.0.mlp.c_fc.weight", TestParameters.random(random, 64, 0.5), 8, 8);
            params.add("transformer.h.0.mlp.c_fc.bias", TestParameters.random(random, 8, 0.5), 8);
            params.add("transformer.ln_f.weight", TestParameters.random(random, 8, 0.5), 8);
            AdamWSettings settings = AdamWSettings.defaults().withWeightDecay(0.1);
            try (AdamW optimizer = new AdamW(params.parameters, settings, fused)) {
                int paramArrays = -1;
                int optimizerArrays = -1;
                for (int step = 0; step < 200; step++) {
                    params.backward(Map.of(
                            "transformer.h.0.mlp.c_fc.weight", TestParameters.random(random, 64, 1),
                            "transformer.h.0.mlp.c_fc.bias", TestParameters.random(random, 8, 1),
                            "transformer.ln_f.weight", TestParameters.random(random, 8, 1)));
                    if (step % 2 == 0) {
                        GradientClipping.clipGlobalNorm(params.parameters.values(), 1.0);
                        optimizer.step(1e-3);
                    } else {
                        optimizer.step(1e-3, GradientClipping.measure(params.parameters.values(), 1.0).scale());
                    }
                    if (step == 0) {
                        paramArrays = params.liveArrays();
                        optimizerArrays = optimizer.liveArrayCount();
                    }
                }
                assertEquals(paramArrays, params.liveArrays(), "arrays in the parameters' manager");
                assertEquals(optimizerArrays, optimizer.liveArrayCount(), "arrays in the optimizer's manager");
                // Three parameters, two moments each, plus four constant scalars.
                assertEquals(3 * 2 + 4, optimizer.liveArrayCount());
                assertEquals(3, params.liveArrays());
            }
        }
    }
}
