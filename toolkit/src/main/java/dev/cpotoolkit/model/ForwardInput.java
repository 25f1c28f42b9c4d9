package dev.cpotoolkit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.cpotoolkit.model.layers.Attention;

/**
 * The inputs of one forward pass.
 *
 * <ul>
 *   <li>{@code inputIds}: (B, T) INT64 token ids.</li>
 *   <li>{@code attentionMask}: either (B, T) 0/1, the Hugging Face padding mask
 *       (combined with the causal mask: query i may attend key j iff j &lt;= i and
 *       mask[j] == 1), or (B, T, T) boolean/0-1, the complete per-row matrix
 *       (query i may attend key j), used exactly as given, which is what packed
 *       or prefix-shared batches need. Null means all ones.</li>
 *   <li>{@code positionIds}: (B, T) INT64, or null for {@code arange(T)} in every
 *       row (Hugging Face's default, padding or not).</li>
 * </ul>
 *
 * @param inputIds      token ids
 * @param attentionMask padding mask or full attention matrix; may be null
 * @param positionIds   explicit positions; may be null
 */
public record ForwardInput(NDArray inputIds, NDArray attentionMask, NDArray positionIds) {

    /** Validates shapes. */
    public ForwardInput {
        if (inputIds == null || inputIds.getShape().dimension() != 2) {
            throw new IllegalArgumentException("inputIds must be (B, T), got "
                    + (inputIds == null ? "null" : inputIds.getShape()));
        }
        Shape bt = inputIds.getShape();
        if (attentionMask != null) {
            Shape m = attentionMask.getShape();
            boolean padding = m.equals(bt);
            boolean full = m.equals(new Shape(bt.get(0), bt.get(1), bt.get(1)));
            if (!padding && !full) {
                throw new IllegalArgumentException("attentionMask must be " + bt + " or " + bt + "x" + bt.get(1)
                        + ", got " + m);
            }
        }
        if (positionIds != null && !positionIds.getShape().equals(bt)) {
            throw new IllegalArgumentException("positionIds must be " + bt + ", got " + positionIds.getShape());
        }
    }

    /** Ids and a (B, T) padding mask, default positions. */
    public static ForwardInput of(NDArray inputIds, NDArray attentionMask) {
        return new ForwardInput(inputIds, attentionMask, null);
    }

    /** This input with explicit position ids. */
    public ForwardInput withPositionIds(NDArray positions) {
        return new ForwardInput(inputIds, attentionMask, positions);
    }

    /** Position ids as INT64, defaulting to {@code arange(T)} for every row. */
    public NDArray positionIdsOrDefault() {
        return positionIdsOrDefault(0);
    }

    /**
     * Position ids as INT64, defaulting to {@code arange(pastLength, pastLength + T)}
     * for every row: Hugging Face's default when {@code pastLength} tokens are
     * already in a KV cache. Batches with padding inside the sequence (left
     * padding) need explicit positions instead.
     */
    public NDArray positionIdsOrDefault(long pastLength) {
        if (positionIds != null) {
            return positionIds.toType(DataType.INT64, false);
        }
        Shape bt = inputIds.getShape();
        NDArray row = inputIds.getManager()
                .arange(Math.toIntExact(pastLength), Math.toIntExact(pastLength + bt.get(1)), 1, DataType.INT64)
                .toDevice(inputIds.getDevice(), false);
        return row.expandDims(0).broadcast(bt);
    }

    /** The (B, T, T) boolean matrix "query i may attend key j" this input describes. */
    public NDArray allowedMatrix() {
        if (attentionMask == null) {
            return Attention.causalMask(inputIds.onesLike());
        }
        if (attentionMask.getShape().dimension() == 3) {
            return attentionMask.toType(DataType.BOOLEAN, false);
        }
        return Attention.causalMask(attentionMask);
    }
}
