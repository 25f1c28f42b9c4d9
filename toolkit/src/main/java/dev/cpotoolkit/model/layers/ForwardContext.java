package dev.cpotoolkit.model.layers;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.norm.Dropout;

import java.util.HashMap;
import java.util.Map;

/**
 * What every block needs to know during one forward pass: the manager the
 * step's arrays belong to, the model's device, and whether dropout is active.
 *
 * <p>Two rules from the DJL field notes live here. Scalars that enter
 * differentiated operations are created as arrays in the step's manager
 * ({@link #scalar(float)}), never passed as Java numbers: PyTorch keeps a
 * pointer to such temporaries for the backward pass and DJL frees them at once.
 * And the step manager is the one results should attach to, so blocks put the
 * step's activations first in every binary operation.
 *
 * <p>During cached decoding the context also carries the {@link KvCache}:
 * attention layers append their new keys and values to it and attend over
 * past and new keys together. Without a cache (training, scoring) they see
 * only the current tokens, exactly as before.
 */
public final class ForwardContext {

    private final NDManager manager;
    private final Device device;
    private final boolean dropoutActive;
    private final KvCache cache;
    private final LayerCheckpoints checkpoints;
    private final Map<Float, NDArray> scalars = new HashMap<>();

    /**
     * A context without a KV cache (training and full-sequence scoring).
     *
     * @param manager       the step's manager; every array this pass creates attaches to it
     * @param device        the model's device, where scalars are placed
     * @param dropoutActive true in training mode with dropout enabled
     */
    public ForwardContext(NDManager manager, Device device, boolean dropoutActive) {
        this(manager, device, dropoutActive, null);
    }

    /**
     * A context for one step of cached decoding.
     *
     * @param manager       the step's manager; every array this pass creates attaches to it
     * @param device        the model's device, where scalars are placed
     * @param dropoutActive true in training mode with dropout enabled
     * @param cache         the cache with an open step, or null for none
     */
    public ForwardContext(NDManager manager, Device device, boolean dropoutActive, KvCache cache) {
        this(manager, device, dropoutActive, cache, null);
    }

    /**
     * A context whose decoder layers are checkpointed when gradients are recorded.
     *
     * @param manager       the step's manager; every array this pass creates attaches to it
     * @param device        the model's device, where scalars are placed
     * @param dropoutActive true in training mode with dropout enabled
     * @param cache         the cache with an open step, or null for none
     * @param checkpoints   the micro-batch's layer tape, or null to keep every activation
     */
    public ForwardContext(NDManager manager, Device device, boolean dropoutActive, KvCache cache,
                          LayerCheckpoints checkpoints) {
        this.manager = manager;
        this.device = device;
        this.dropoutActive = dropoutActive;
        this.cache = cache;
        this.checkpoints = checkpoints;
    }

    /** The step's manager. */
    public NDManager manager() {
        return manager;
    }

    /** The model's device. */
    public Device device() {
        return device;
    }

    /** The KV cache of this pass, or null when attention sees only the current tokens. */
    public KvCache cache() {
        return cache;
    }

    /** True when dropout layers should drop. */
    public boolean dropoutActive() {
        return dropoutActive;
    }

    /**
     * A float32 0-d array holding {@code value}, owned by the step manager and
     * placed on the model's device; reused within this pass.
     */
    public NDArray scalar(float value) {
        return scalars.computeIfAbsent(value, v -> {
            NDArray scalar = manager.create(v.floatValue()).toDevice(device, false);
            // Reused by later layers: a layer's scope (see layer()) must not close it.
            NDScope.unregister(scalar);
            return scalar;
        });
    }

    /**
     * Runs one decoder layer on {@code input} so that its intermediate arrays
     * are closed when it returns; only its output stays open. DJL attaches
     * every op's result to the step's manager until the step ends, so without
     * this each layer's intermediates (attention projections, MLP
     * activations...) stay resident through the whole backward pass even where
     * autograd has finished with them. Closing a handle does not free what
     * autograd saved for backward: autograd holds its own reference and frees
     * it when its node has run, as in PyTorch. With a KV cache (generation) the
     * layer appends arrays that must outlive it, so it runs unscoped. With
     * {@link LayerCheckpoints} and gradients recorded, the layer keeps nothing
     * for backward and is recomputed from {@code input} then.
     *
     * @param input the layer's input
     * @param layer computes the layer's output from an input (called again on recomputation)
     * @return the output, owned by the step's manager as before
     */
    public NDArray layer(NDArray input, java.util.function.UnaryOperator<NDArray> layer) {
        if (cache != null) {
            return layer.apply(input);
        }
        if (checkpoints != null && dev.cpotoolkit.model.GradMode.isEnabled()) {
            return checkpoints.run(input, layer, this);
        }
        try (NDScope scope = new NDScope()) {
            NDArray output = layer.apply(input);
            NDScope.unregister(output);
            return output;
        }
    }

    /**
     * Inverted dropout with drop probability {@code rate}; the identity when
     * dropout is inactive or the rate is zero. (The rate goes to the native
     * dropout kernel as a plain argument, not as a temporary tensor, so this
     * is safe under autograd.)
     */
    public NDArray dropout(NDArray x, float rate) {
        if (!dropoutActive || rate <= 0f) {
            return x;
        }
        return Dropout.dropout(x, rate, true).singletonOrThrow();
    }
}
