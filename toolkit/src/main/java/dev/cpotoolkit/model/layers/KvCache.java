package dev.cpotoolkit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * The keys and values every attention layer has already computed, so that a
 * decoding step only runs the new tokens through the model. Per layer it holds
 * keys and values shaped (B, kvHeads, S, headDim), where S counts every token
 * fed so far, padding included; alongside, a (B, S) mask of which of those
 * keys are real, since padding fed in an earlier step must stay masked in
 * every later one. Llama/Qwen2 keys are stored after the rotary embedding and
 * before the kv heads are repeated for grouped-query attention, as in Hugging
 * Face.
 *
 * <p>The cache is filled one forward pass ("step") at a time, by
 * {@code CausalLM.forward(ForwardInput, KvCache)}:
 * {@link #beginStep(ForwardContext, NDArray)} appends the new tokens' padding mask and returns
 * the attention matrix over past and new keys; each attention layer calls
 * {@link #update(ForwardContext, int, NDArray, NDArray)}; and
 * {@link #commitStep()} makes the step's keys the new past (or
 * {@link #abortStep()} drops them when the pass failed, leaving the cache as
 * it was).
 *
 * <p>Memory: committed arrays live in the cache's own sub-manager, which
 * {@link #close()} frees. While a step is open, its arrays are attached to the
 * step's manager (the input ids' manager) instead: every view an attention
 * layer derives from them (a transpose, a kv-head repeat) then lands in the
 * step manager and dies with it, rather than piling up in the cache and
 * keeping each step's old keys alive until the end of generation.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final NDArray[] pendingKeys;
    private final NDArray[] pendingValues;
    private NDArray keyMask;
    private NDArray pendingMask;
    private long length;
    private long pendingLength;
    private NDManager stepManager;

    /**
     * An empty cache.
     *
     * @param parent the manager the cache's own sub-manager is made from (the model's)
     * @param layers number of attention layers
     */
    public KvCache(NDManager parent, int layers) {
        if (layers <= 0) {
            throw new IllegalArgumentException("layers must be > 0, got " + layers);
        }
        manager = parent.newSubManager();
        keys = new NDArray[layers];
        values = new NDArray[layers];
        pendingKeys = new NDArray[layers];
        pendingValues = new NDArray[layers];
    }

    /** Number of tokens (columns, padding included) whose keys are cached. */
    public long length() {
        return length;
    }

    /** True before the first committed step. */
    public boolean isEmpty() {
        return keyMask == null;
    }

    /** Number of attention layers the cache has slots for. */
    public int layers() {
        return keys.length;
    }

    /** Batch size fixed by the first step, or -1 while empty. */
    public long batchSize() {
        return keyMask == null ? -1 : keyMask.getShape().get(0);
    }

    /**
     * Opens a step of {@code T} new tokens: appends their padding mask to the
     * past one and returns which keys each new query may attend.
     *
     * @param ctx     the step's context; its manager receives the step's arrays
     * @param newMask (B, T) 0/1 mask of the new tokens (1 = real), any integer or boolean type
     * @return (B, T, length() + T) boolean: new query i (column {@code length() + i}) may attend
     *     key j iff {@code j <= length() + i} and key j is real; in the step's manager
     * @throws IllegalStateException if a step is already open
     * @throws IllegalArgumentException if the batch size differs from the cached one
     */
    public NDArray beginStep(ForwardContext ctx, NDArray newMask) {
        ensureOpen();
        if (stepManager != null) {
            throw new IllegalStateException("a step is already open: commit or abort it first");
        }
        if (newMask.getShape().dimension() != 2) {
            throw new IllegalArgumentException("the new tokens' mask must be (B, T), got " + newMask.getShape());
        }
        long batch = newMask.getShape().get(0);
        if (keyMask != null && batch != batchSize()) {
            throw new IllegalArgumentException("the cache holds " + batchSize() + " rows, the input has " + batch);
        }
        stepManager = ctx.manager();
        // A copy, never the caller's array: committing moves it into the cache's manager.
        NDArray mask = newMask.toType(DataType.BOOLEAN, true);
        mask.attach(stepManager);
        pendingMask = keyMask == null ? mask : keyMask.concat(mask, 1);
        pendingMask.attach(stepManager);
        pendingLength = newMask.getShape().get(1);
        return Attention.causalMask(pendingMask, length);
    }

    /**
     * Appends one layer's new keys and values to its cached ones. Called once
     * per layer per step, by the attention layer.
     *
     * @param ctx       the step's context
     * @param layer     0-based layer index
     * @param newKeys   (B, kvHeads, T, headDim) keys of the new tokens
     * @param newValues (B, kvHeads, T, headDim) values of the new tokens
     * @return the keys and values of past and new tokens, each (B, kvHeads, length() + T, headDim),
     *     attached to the step's manager until the step is committed
     * @throws IllegalStateException if no step is open or the layer was already updated in this step
     */
    public NDList update(ForwardContext ctx, int layer, NDArray newKeys, NDArray newValues) {
        if (stepManager == null) {
            throw new IllegalStateException("no open step: run the model through CausalLM.forward(input, cache)");
        }
        if (pendingKeys[layer] != null) {
            throw new IllegalStateException("layer " + layer + " was already updated in this step");
        }
        pendingKeys[layer] = append(keys[layer], newKeys);
        pendingValues[layer] = append(values[layer], newValues);
        return new NDList(pendingKeys[layer], pendingValues[layer]);
    }

    /** Past keys (or values) followed by the new ones along the sequence axis, in the step's manager. */
    private NDArray append(NDArray past, NDArray now) {
        NDArray all = past == null ? now : past.concat(now, 2);
        all.attach(stepManager);
        return all;
    }

    /**
     * Closes the open step successfully: its keys, values and mask become the
     * cached past (moved into the cache's manager) and {@link #length()} grows
     * by the step's token count. The previous past is freed.
     *
     * @throws IllegalStateException if no step is open or a layer was not updated
     */
    public void commitStep() {
        if (stepManager == null) {
            throw new IllegalStateException("no open step to commit");
        }
        for (int layer = 0; layer < keys.length; layer++) {
            if (pendingKeys[layer] == null) {
                abortStep();
                throw new IllegalStateException("layer " + layer + " did not update the cache in this step");
            }
        }
        for (int layer = 0; layer < keys.length; layer++) {
            keys[layer] = replace(keys[layer], pendingKeys[layer]);
            values[layer] = replace(values[layer], pendingValues[layer]);
            pendingKeys[layer] = null;
            pendingValues[layer] = null;
        }
        keyMask = replace(keyMask, pendingMask);
        pendingMask = null;
        length += pendingLength;
        pendingLength = 0;
        stepManager = null;
    }

    private NDArray replace(NDArray old, NDArray next) {
        if (old != null) {
            old.close();
        }
        next.attach(manager);
        return next;
    }

    /**
     * Drops the open step (if any): the cache is left as it was before
     * {@link #beginStep(ForwardContext, NDArray)}. Used when a forward pass fails midway.
     */
    public void abortStep() {
        for (int layer = 0; layer < keys.length; layer++) {
            closeQuietly(pendingKeys[layer]);
            closeQuietly(pendingValues[layer]);
            pendingKeys[layer] = null;
            pendingValues[layer] = null;
        }
        closeQuietly(pendingMask);
        pendingMask = null;
        pendingLength = 0;
        stepManager = null;
    }

    private static void closeQuietly(NDArray array) {
        if (array != null) {
            array.close();
        }
    }

    private void ensureOpen() {
        if (!manager.isOpen()) {
            throw new IllegalStateException("the cache is closed");
        }
    }

    /** Frees every cached array (and a pending step's, if one is open). */
    @Override
    public void close() {
        abortStep();
        manager.close();
    }

    @Override
    public String toString() {
        return "KvCache[" + keys.length + " layers, " + length + " tokens, batch " + batchSize() + "]";
    }
}
