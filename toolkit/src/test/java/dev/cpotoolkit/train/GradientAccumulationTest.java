package dev.cpotoolkit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.cpotoolkit.loss.LossType;
import dev.cpotoolkit.tokenize.PreferenceBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The objective's accumulation weighting: gradients of two micro-batches of two,
 * accumulated, equal the gradient of one batch of four — NLL token pooling
 * included, which a plain "divide by accumulation steps" would get wrong when
 * the micro-batches have different numbers of chosen tokens.
 */
class GradientAccumulationTest {

    @ParameterizedTest
    @EnumSource(value = LossType.class, names = {"SIGMOID", "IPO"})
    void twoTimesTwoEqualsFour(LossType type) {
        try (TrainerFixture fixture = TrainerFixture.fixtureModel("tiny-llama")) {
            CPOConfig config = CPOConfig.builder().lossType(type).maxLength(64).maxPromptLength(32).build();
            TokenizedDataset data = TokenizedDataset.of(fixture.dataset, fixture.tokenizer, config);
            CpoObjective objective = CpoObjective.of(config, null);
            // Rows 2 and 4 have long chosen answers, rows 1 and 3 short ones: unequal token counts.
            PreferenceBatch whole = data.batch(new int[] {1, 2, 3, 4});
            List<PreferenceBatch> parts = List.of(data.batch(new int[] {1, 3}), data.batch(new int[] {2, 4}));

            Map<String, Parameter> params = fixture.model.namedParameters();
            List<float[]> expected = gradients(fixture, objective, List.of(whole), objective.sizeOf(whole));
            List<float[]> accumulated = gradients(fixture, objective, parts, objective.sizeOf(parts));
            int p = 0;
            for (String name : params.keySet()) {
                float[] e = expected.get(p);
                float[] a = accumulated.get(p);
                double scale = 0;
                for (float v : e) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int i = 0; i < e.length; i++) {
                    assertEquals(e[i], a[i], 1e-5 * Math.max(scale, 1e-3), name + "[" + i + "]");
                }
                p++;
            }
        }
    }

    private static List<float[]> gradients(TrainerFixture fixture, CpoObjective objective,
                                           List<PreferenceBatch> batches, TrainingObjective.GroupSize size) {
        Map<String, Parameter> params = fixture.model.namedParameters();
        for (Parameter parameter : params.values()) {
            JniUtils.zeroGrad((PtNDArray) parameter.getArray());
        }
        for (PreferenceBatch batch : batches) {
            try (NDManager step = fixture.model.manager().newSubManager();
                 GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(objective.compute(fixture.model, batch, step, size).objective());
            }
        }
        List<float[]> grads = new ArrayList<>();
        for (Parameter parameter : params.values()) {
            try (NDArray gradient = parameter.getArray().getGradient()) {
                grads.add(gradient.toFloatArray());
            }
        }
        return grads;
    }
}
