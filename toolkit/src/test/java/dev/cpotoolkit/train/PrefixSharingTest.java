package dev.cpotoolkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.training.GradientCollector;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.ForwardInput;
import dev.cpotoolkit.runtime.TorchRuntime;
import dev.cpotoolkit.testing.Fixtures;
import dev.cpotoolkit.tokenize.PreferenceBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prefix sharing (one packed row per pair) against the plain 2B-row layout on
 * the fixture models (GPT-2, Llama with GQA, Qwen2): the same objective, the
 * same metrics except the padding-dependent {@code logits/*}, and the same
 * gradient for every parameter, within 1e-5.
 */
class PrefixSharingTest {

    private static final double TOLERANCE = 1e-5;

    static List<String> models() {
        return Fixtures.MODELS;
    }

    @ParameterizedTest
    @MethodSource("models")
    void packedBatchGivesTheSameLossMetricsAndGradients(String name) {
        CPOConfig plainConfig = CPOConfig.builder().maxLength(64).maxPromptLength(32).beta(0.1).cpoAlpha(1.0).build();
        CPOConfig packedConfig = plainConfig.toBuilder().prefixSharing(true).build();
        try (TrainerFixture fixture = TrainerFixture.fixtureModel(name)) {
            TokenizedDataset data = TokenizedDataset.of(fixture.dataset, fixture.tokenizer, plainConfig);
            PreferenceBatch batch = data.batch(new int[] {0, 1, 2, 3, 4, 5, 6, 7});
            Run plain = run(fixture.model, CpoObjective.of(plainConfig, null), batch);
            Run packed = run(fixture.model, CpoObjective.of(packedConfig, null), batch);

            assertEquals(plain.loss, packed.loss, TOLERANCE * Math.max(1, Math.abs(plain.loss)), "objective");
            for (Map.Entry<String, Double> metric : plain.metrics.entrySet()) {
                if (metric.getKey().startsWith("logits/")) {
                    continue; // padding-dependent in TRL; checked below against the real-token mean
                }
                double expected = metric.getValue();
                assertEquals(expected, packed.metrics.get(metric.getKey()), TOLERANCE * Math.max(1, Math.abs(expected)),
                        metric.getKey());
            }
            for (Map.Entry<String, float[]> gradient : plain.gradients.entrySet()) {
                float[] a = gradient.getValue();
                float[] b = packed.gradients.get(gradient.getKey());
                double scale = 1e-12;
                double worst = 0;
                for (int i = 0; i < a.length; i++) {
                    scale = Math.max(scale, Math.abs(a[i]));
                    worst = Math.max(worst, Math.abs(a[i] - b[i]));
                }
                assertTrue(worst <= TOLERANCE * Math.max(1, scale),
                        name + " " + gradient.getKey() + ": max difference " + worst + " (max |g| " + scale + ")");
            }
            double[] realMeans = realTokenLogitMeans(fixture.model, batch);
            assertEquals(realMeans[0], packed.metrics.get("logits/chosen"), 1e-4 * Math.max(1, Math.abs(realMeans[0])));
            assertEquals(realMeans[1], packed.metrics.get("logits/rejected"), 1e-4 * Math.max(1, Math.abs(realMeans[1])));
        }
    }

    /** Means of the plain layout's logits over real (unpadded) positions: chosen rows, rejected rows. */
    private static double[] realTokenLogitMeans(CausalLM model, PreferenceBatch batch) {
        try (NDManager step = model.manager().newSubManager()) {
            NDArray mask = batch.attentionMask(step);
            NDArray logits = model.forwardNoGrad(ForwardInput.of(batch.inputIds(step), mask));
            long vocab = logits.getShape().get(2);
            int b = batch.batchSize();
            NDArray rowSums = logits.sum(new int[] {2}).mul(mask.toType(ai.djl.ndarray.types.DataType.FLOAT32, false));
            double chosen = rowSums.get("0:{}", b).sum().getFloat() / (mask.get("0:{}", b).sum().getLong() * vocab);
            double rejected = rowSums.get("{}:", b).sum().getFloat() / (mask.get("{}:", b).sum().getLong() * vocab);
            return new double[] {chosen, rejected};
        }
    }

    private record Run(double loss, Map<String, Double> metrics, Map<String, float[]> gradients) {}

    private static Run run(CausalLM model, CpoObjective objective, PreferenceBatch batch) {
        Map<String, Parameter> params = model.namedParameters();
        params.values().forEach(p -> JniUtils.zeroGrad((PtNDArray) p.getArray()));
        double loss;
        Map<String, Double> metrics;
        try (NDManager step = model.manager().newSubManager();
             GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
            TrainingObjective.Step result = objective.compute(model, batch, step, objective.sizeOf(batch));
            loss = result.objective().getFloat();
            metrics = result.outcome().metrics("");
            collector.backward(result.objective());
        }
        Map<String, float[]> gradients = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> entry : params.entrySet()) {
            try (NDArray gradient = entry.getValue().getArray().getGradient()) {
                gradients.put(entry.getKey(), gradient.toFloatArray());
            }
        }
        return new Run(loss, metrics, gradients);
    }
}
