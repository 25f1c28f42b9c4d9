package dev.cpotoolkit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.cpotoolkit.model.GradMode;
import dev.cpotoolkit.runtime.TorchRuntime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Gradient checkpointing for the decoder layers (Hugging Face's
 * {@code gradient_checkpointing}): during the forward pass each layer keeps
 * only its input, and its activations are recomputed when the backward pass
 * reaches it.
 *
 * <p>DJL has no custom autograd function, so the backward pass is cut at
 * every layer instead of wrapped around it. Forward: each layer runs with
 * gradient recording off, and its output becomes a fresh leaf that requires a
 * gradient, the next layer's input. The loss's backward therefore stops at the
 * last layer's output. {@link #backward} then walks the layers from last to
 * first: it reruns each from its saved input with recording on and back-propagates
 * {@code sum(output * grad(output))}, whose gradient is exactly the upstream
 * gradient. That fills the layer's parameter gradients (which accumulate, as
 * the DJL notes say) and its input's gradient, which is the previous layer's
 * upstream gradient; the first layer's input is the embedding's output, so its
 * backward reaches the embedding weights. Held at the peak: one (B, T, C)
 * input per layer and one layer's activations, instead of every layer's.
 *
 * <p>Dropout must drop the same units when a layer is recomputed. When it is
 * active, each layer runs under a seed drawn from libtorch's generator before
 * the layer, and the recomputation runs under the same seed.
 *
 * <p>One instance covers the forward passes of one micro-batch; close it after
 * {@link #backward}.
 */
public final class LayerCheckpoints implements AutoCloseable {

    /** One layer call: its input, the layer, the leaf standing for its output, and its dropout seed. */
    private record Segment(NDArray input, UnaryOperator<NDArray> layer, NDArray output, Integer seed) {}

    private final List<Segment> segments = new ArrayList<>();
    private final boolean verifyReplay;
    private final Runnable onClose;
    private double maxReplayDifference;

    /**
     * A tape for one micro-batch; models hand these out ({@code CausalLM.checkpointLayers()}).
     *
     * @param verifyReplay compare each recomputed output with the forward pass's (tests: proves
     *                     that recomputation, dropout included, replays the forward exactly)
     * @param onClose      run by {@link #close()}: the model stops checkpointing
     */
    public LayerCheckpoints(boolean verifyReplay, Runnable onClose) {
        this.verifyReplay = verifyReplay;
        this.onClose = onClose;
    }

    /**
     * Runs {@code layer} on {@code input} without recording, and returns a leaf
     * holding its output that the rest of the forward pass builds on.
     */
    NDArray run(NDArray input, UnaryOperator<NDArray> layer, ForwardContext ctx) {
        Integer seed = ctx.dropoutActive() ? drawSeed(ctx) : null;
        NDArray output;
        try (GradMode.Scope off = GradMode.set(false); NDScope scope = new NDScope()) {
            if (seed != null) {
                TorchRuntime.engine().setRandomSeed(seed);
            }
            output = layer.apply(input);
            NDScope.unregister(output);
        }
        NDArray leaf = output.stopGradient();
        output.close();
        leaf.setRequiresGradient(true);
        segments.add(new Segment(input, layer, leaf, seed));
        return leaf;
    }

    /**
     * Back-propagates through every recorded layer, last first. Call after the
     * loss's own backward, inside the same gradient collector.
     */
    public void backward(GradientCollector collector) {
        try (GradMode.Scope on = GradMode.set(true)) {
            for (int i = segments.size() - 1; i >= 0; i--) {
                Segment segment = segments.get(i);
                PtNDArray upstream = JniUtils.getGradient((PtNDArray) segment.output());
                if (upstream == null) {
                    continue; // the loss did not depend on this layer's output
                }
                try (NDScope scope = new NDScope()) {
                    if (segment.seed() != null) {
                        TorchRuntime.engine().setRandomSeed(segment.seed());
                    }
                    NDArray recomputed = segment.layer().apply(segment.input());
                    if (verifyReplay) {
                        try (GradMode.Scope off = GradMode.set(false)) {
                            double difference = recomputed.sub(segment.output()).abs().max().getFloat();
                            maxReplayDifference = Math.max(maxReplayDifference, difference);
                        }
                    }
                    try {
                        collector.backward(recomputed.mul(upstream).sum());
                    } catch (ai.djl.engine.EngineException nothingToTrain) {
                        // A layer with nothing trainable in or before it (a LoRA adapter on later layers only):
                        // its output has no graph, and there is nothing to send back. (DJL's hasGradient() is
                        // no guide here: it reports false for this recomputed, graph-carrying output too.)
                        if (nothingToTrain.getMessage() == null
                                || !nothingToTrain.getMessage().contains("does not require grad")) {
                            throw nothingToTrain;
                        }
                    }
                } finally {
                    upstream.close();
                }
            }
        }
    }

    /** Layers recorded so far. */
    public int size() {
        return segments.size();
    }

    /** With {@code verifyReplay}: the largest difference between a recomputed and a forward output. */
    public double maxReplayDifference() {
        return maxReplayDifference;
    }

    /** A seed for one layer's dropout, drawn from libtorch's generator so that a seeded run repeats. */
    private static int drawSeed(ForwardContext ctx) {
        try (NDScope scope = new NDScope(); GradMode.Scope off = GradMode.set(false)) {
            return (int) ctx.manager().randomInteger(0, Integer.MAX_VALUE, new Shape(), DataType.INT64).getLong();
        }
    }

    /** Forgets the recorded layers; their arrays belong to the step's manager, which frees them. */
    @Override
    public void close() {
        segments.clear();
        onClose.run();
    }
}
