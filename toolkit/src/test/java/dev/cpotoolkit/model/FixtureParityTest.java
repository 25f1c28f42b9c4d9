package dev.cpotoolkit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.cpotoolkit.runtime.TorchRuntime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three fixture models against Hugging Face's numbers: logits at every
 * position (padding included), TRL sequence log-probs, and the gradient norms
 * of the sigmoid CPO loss.
 */
class FixtureParityTest {

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "tiny-qwen2"})
    void logitsMatchTransformersAtEveryPosition(String name) {
        try (CausalLM model = CausalLM.load(Fixtures.folder(name));
             NDManager step = model.manager().newSubManager()) {
            Fixtures.Batch batch = Fixtures.batch(name, step);
            NDArray logits = model.forwardNoGrad(ForwardInput.of(batch.inputIds(), batch.attentionMask()));
            assertEquals(batch.logitsShape(), logits.getShape());
            float[] actual = logits.toFloatArray();
            double maxError = 0;
            for (int i = 0; i < actual.length; i++) {
                maxError = Math.max(maxError, Math.abs(actual[i] - batch.logits()[i]));
            }
            System.out.printf("%s logits max abs error %.3g%n", name, maxError);
            assertTrue(maxError <= 1e-4, name + " logits max abs error " + maxError);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "tiny-qwen2"})
    void sequenceLogProbsMatchTrl(String name) throws Exception {
        JsonObject logps = Fixtures.expected(name).getAsJsonObject("settings").getAsJsonObject("no_truncation")
                .getAsJsonObject("logps");
        try (CausalLM model = CausalLM.load(Fixtures.folder(name));
             NDManager step = model.manager().newSubManager()) {
            Fixtures.Batch batch = Fixtures.batch(name, step);
            NDArray logits = model.forwardNoGrad(ForwardInput.of(batch.inputIds(), batch.attentionMask()));
            SequenceLogProbs lp = SequenceLogProbs.compute(logits, batch.labels());
            float[] sum = lp.sum().toFloatArray();
            float[] mean = lp.mean().toFloatArray();
            float[] count = lp.count().toFloatArray();
            int b = sum.length / 2;
            double maxError = 0;
            for (int i = 0; i < b; i++) {
                maxError = Math.max(maxError, Math.abs(sum[i] - at(logps, "chosen_sum", i)));
                maxError = Math.max(maxError, Math.abs(sum[b + i] - at(logps, "rejected_sum", i)));
                maxError = Math.max(maxError, Math.abs(mean[i] - at(logps, "chosen_mean", i)));
                maxError = Math.max(maxError, Math.abs(mean[b + i] - at(logps, "rejected_mean", i)));
                assertEquals(at(logps, "chosen_num_tokens", i), count[i]);
                assertEquals(at(logps, "rejected_num_tokens", i), count[b + i]);
            }
            System.out.printf("%s logps max abs error %.3g%n", name, maxError);
            assertTrue(maxError <= 1e-4, name + " logps max abs error " + maxError);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama", "tiny-qwen2"})
    void gradientNormsOfSigmoidCpoLossMatch(String name) throws Exception {
        JsonObject gradNorms = Fixtures.expected(name).getAsJsonObject("grad_norms");
        JsonObject norms = gradNorms.getAsJsonObject("norms");
        try (CausalLM model = CausalLM.load(Fixtures.folder(name));
             NDManager step = model.manager().newSubManager()) {
            assertEquals(new ArrayList<>(norms.keySet()), new ArrayList<>(model.namedParameters().keySet()),
                    "parameter names and order follow named_parameters()");
            Fixtures.Batch batch = Fixtures.batch(name, step);
            double loss;
            try (GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
                NDArray total = cpoSigmoidLoss(model, step, batch, 0.1f, 1.0f);
                loss = total.getFloat();
                collector.backward(total);
            }
            assertEquals(gradNorms.get("total_loss").getAsDouble(), loss, 1e-5);
            double worst = 0;
            for (Map.Entry<String, Parameter> entry : model.namedParameters().entrySet()) {
                NDArray grad = entry.getValue().getArray().getGradient();
                grad.attach(step);
                double norm = l2(grad.toFloatArray());
                double expected = norms.get(entry.getKey()).getAsDouble();
                double relative = Math.abs(norm - expected) / Math.abs(expected);
                worst = Math.max(worst, relative);
                assertTrue(relative <= 1e-3, entry.getKey() + ": " + norm + " vs " + expected);
            }
            System.out.printf("%s grad norms max rel error %.3g (loss %.8f)%n", name, worst, loss);
        }
    }

    /**
     * TRL's sigmoid CPO loss on the concatenated batch (rows 0..B-1 chosen,
     * B..2B-1 rejected): mean(-logsigmoid(beta (chosen_sum - rejected_sum)))
     * + alpha * pooled chosen NLL. Every scalar is an array in the step manager.
     */
    static NDArray cpoSigmoidLoss(CausalLM model, NDManager step, Fixtures.Batch batch, float beta, float alpha) {
        NDArray logits = model.forward(ForwardInput.of(batch.inputIds(), batch.attentionMask()));
        SequenceLogProbs lp = SequenceLogProbs.compute(logits, batch.labels());
        long b = batch.inputIds().getShape().get(0) / 2;
        NDArray chosen = lp.sum().get("0:{}", b);
        NDArray rejected = lp.sum().get("{}:", b);
        NDArray logits0 = chosen.sub(rejected).mul(step.create(beta));
        NDArray perExample = logits0.neg().getNDArrayInternal().softPlus(); // -logsigmoid(x) = softplus(-x)
        NDArray nll = lp.tokenLogProbs().get("0:{}", b).sum().neg().div(lp.mask().get("0:{}", b).sum());
        return perExample.mean().add(nll.mul(step.create(alpha)));
    }

    static double l2(float[] values) {
        double s = 0;
        for (float v : values) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    private static double at(JsonObject o, String key, int i) {
        JsonArray array = o.getAsJsonArray(key);
        return array.get(i).getAsDouble();
    }

    static List<String> models() {
        return List.of(Fixtures.MODELS);
    }
}
