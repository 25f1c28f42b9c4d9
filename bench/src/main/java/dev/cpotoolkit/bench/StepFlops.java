package dev.cpotoolkit.bench;

import ai.djl.nn.Parameter;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.ModelConfig;

import java.util.Map;

/**
 * Floating-point operations of one training step (forward + backward = 3 x
 * forward), counting matmuls only: the usual {@code 6 N P} for the
 * projections ({@code 4 N P} for frozen ones, a LoRA run's base: backward
 * computes their input's gradient but not their weight's), {@code 12 N T C L} for attention scores and weighted values
 * (dense, masked positions included, as both implementations compute them)
 * and {@code 6 N' C V} for the LM head over the {@code N'} positions it is
 * applied to.
 */
public final class StepFlops {

    private StepFlops() {}

    /**
     * @param model      the model (for its projection parameter count and shape)
     * @param rows       model rows of the batch
     * @param columns    sequence length of the model rows
     * @param headRows   positions the LM head is applied to ({@code rows x columns} for the plain path)
     * @return FLOPs of one step
     */
    public static double of(CausalLM model, long rows, long columns, long headRows) {
        ModelConfig config = model.config();
        double projections = 0;
        double frozen = 0;
        for (Map.Entry<String, Parameter> entry : model.namedParameters().entrySet()) {
            String name = entry.getKey();
            long[] shape = entry.getValue().getArray().getShape().getShape();
            boolean embedding = name.contains("wte") || name.contains("wpe") || name.contains("embed_tokens")
                    || name.contains("lm_head");
            if (shape.length == 2 && !embedding) {
                if (entry.getValue().requiresGradient()) {
                    projections += (double) shape[0] * shape[1];
                } else {
                    frozen += (double) shape[0] * shape[1];
                }
            }
        }
        double tokens = (double) rows * columns;
        double c = config.hiddenSize();
        double attention = 12.0 * tokens * columns * c * config.numLayers();
        double head = 6.0 * headRows * c * config.vocabSize();
        return 6.0 * tokens * projections + 4.0 * tokens * frozen + attention + head;
    }
}
