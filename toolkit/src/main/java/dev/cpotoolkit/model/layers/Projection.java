package dev.cpotoolkit.model.layers;

import ai.djl.ndarray.NDArray;

/**
 * A linear map over the last axis, whatever its weight layout: {@link LinearLayer}
 * (weight (out, in)) and GPT-2's {@link Conv1D} (weight (in, out)). A
 * {@link LoraLayer} wraps one, so the base layer's forward call stays in the
 * base layer.
 */
public interface Projection {

    /** Applies the map to the last axis of {@code x}. */
    NDArray forward(NDArray x);
}
