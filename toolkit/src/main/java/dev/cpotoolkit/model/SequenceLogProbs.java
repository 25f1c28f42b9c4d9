package dev.cpotoolkit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;

/**
 * Per-token and per-sequence log-probabilities of labels under a causal LM's
 * logits, as TRL computes them: the token at t is predicted by the logits at
 * t-1 (so {@code logits[:, :-1]} pairs with {@code labels[:, 1:]}), positions
 * labelled {@value #IGNORE_INDEX} are ignored, and each token's log-prob is
 * {@code logit[label] - logsumexp(logits)}.
 *
 * <p>Differentiable: call it under a gradient collector and the results carry
 * the graph back to the logits. Results attach to the logits' manager.
 *
 * @param tokenLogProbs (B, T-1) log-prob of each next token, 0 where ignored
 * @param mask          (B, T-1) float32, 1 where the label counts
 * @param sum           (B) sum of token log-probs per row
 * @param count         (B) number of counted tokens per row (float32)
 * @param mean          (B) sum / count (NaN for a row with no label tokens, as in TRL)
 */
public record SequenceLogProbs(NDArray tokenLogProbs, NDArray mask, NDArray sum, NDArray count, NDArray mean) {

    /** The label value that marks a position as ignored (prompt and padding). */
    public static final long IGNORE_INDEX = -100;

    /**
     * Computes the log-probs.
     *
     * @param logits (B, T, V) float32
     * @param labels (B, T) integer labels, {@value #IGNORE_INDEX} for ignored positions
     */
    public static SequenceLogProbs compute(NDArray logits, NDArray labels) {
        return compute(logits, labels, IGNORE_INDEX);
    }

    /**
     * Computes the log-probs with another ignored label value (CPOConfig's
     * {@code labelPadTokenId}).
     *
     * @param logits      (B, T, V) float32
     * @param labels      (B, T) integer labels
     * @param ignoreIndex the label of positions that carry no loss
     */
    public static SequenceLogProbs compute(NDArray logits, NDArray labels, long ignoreIndex) {
        long t = logits.getShape().get(1);
        if (!labels.getShape().equals(logits.getShape().slice(0, 2))) {
            throw new IllegalArgumentException("labels " + labels.getShape() + " do not match logits "
                    + logits.getShape());
        }
        NDArray predicting = logits.get(":, :{}, :", t - 1);
        NDArray targets = labels.toType(DataType.INT64, false).get(":, 1:");
        NDArray ignore = targets.getManager().create(ignoreIndex).toDevice(targets.getDevice(), false);
        NDArray keep = targets.neq(ignore);
        // Ignored positions gather class 0 (any valid index) and are then zeroed by the mask.
        NDArray safeTargets = NDArrays.where(keep, targets, targets.zerosLike());
        NDArray logProbs = predicting.logSoftmax(-1)
                .gather(safeTargets.expandDims(-1), -1)
                .squeeze(-1);
        NDArray mask = keep.toType(DataType.FLOAT32, false);
        NDArray tokens = logProbs.mul(mask);
        NDArray sum = tokens.sum(new int[] {1});
        NDArray count = mask.sum(new int[] {1});
        return new SequenceLogProbs(tokens, mask, sum, count, sum.div(count));
    }
}
