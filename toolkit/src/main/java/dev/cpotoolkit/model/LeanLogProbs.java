package dev.cpotoolkit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.cpotoolkit.model.layers.MixedPrecision;

/**
 * {@link SequenceLogProbs} computed from hidden states without the full
 * {@code (rows, T, V)} logits: the LM head is applied only to the hidden states
 * that predict a label token, a chunk of them at a time, each chunk's
 * log-softmax and gather done before the next chunk's logits exist.
 *
 * <p>Why: the ordinary path materialises logits and their log-softmax for
 * every position, prompt and padding included ({@code 2 x rows x T x V} floats
 * kept for backward, plus as many again in the backward pass), although only
 * answer tokens carry loss. Here autograd keeps one {@code (K, V)} log-softmax
 * per chunk ({@code K} = label tokens), and the head's matmul costs {@code K}
 * rows instead of {@code rows x T}. The per-token values are the same
 * operations on the same numbers (log-softmax, then gather), so results agree
 * with {@link SequenceLogProbs#compute} to float rounding of the matmul.
 *
 * <p>Differentiable with respect to the hidden states and the head weight.
 */
public final class LeanLogProbs {

    /** Elements of one chunk's logits (64 MiB of float32): bounds the transient memory. */
    public static final long CHUNK_ELEMENTS = 16L << 20;

    private LeanLogProbs() {}

    /**
     * Computes the log-probs of the selected label tokens.
     *
     * @param hidden    (R, T', C) final hidden states
     * @param headWeight (V, C) LM head weight ({@code logits = h W^T})
     * @param selection which hidden state predicts which token, and where it goes
     * @param manager   the step manager the index arrays are created in
     * @return the log-probs in the logical {@code (rows, T - 1)} layout
     */
    public static SequenceLogProbs compute(NDArray hidden, NDArray headWeight, TokenSelection selection,
                                           NDManager manager) {
        return compute(hidden, headWeight, selection, manager, CHUNK_ELEMENTS);
    }

    /**
     * {@link #compute(NDArray, NDArray, TokenSelection, NDManager)} with an explicit chunk bound.
     *
     * @param chunkElements at most this many logits exist per chunk (at least one row is always taken)
     */
    public static SequenceLogProbs compute(NDArray hidden, NDArray headWeight, TokenSelection selection,
                                           NDManager manager, long chunkElements) {
        long c = hidden.getShape().get(2);
        long vocab = headWeight.getShape().get(0);
        int k = selection.size();
        long cellCount = (long) selection.rows() * selection.columns();
        NDArray flat = hidden.reshape(-1, c);
        NDArray sources = onDevice(manager.create(selection.sources()), hidden);
        NDArray targets = onDevice(manager.create(selection.targets()), hidden);
        NDArray cells = onDevice(manager.create(selection.cells()), hidden);

        NDArray tokenValues;
        if (k == 0) {
            tokenValues = hidden.getManager().zeros(new Shape(0), DataType.FLOAT32, hidden.getDevice());
        } else {
            // Chosen hidden states: (K, C), gathered so the gradient flows back to their positions.
            NDArray picked = flat.gather(sources.expandDims(1).broadcast(new Shape(k, c)), 0);
            int chunk = (int) Math.max(1, Math.min(k, chunkElements / vocab));
            NDList parts = new NDList();
            for (int from = 0; from < k; from += chunk) {
                int to = Math.min(k, from + chunk);
                NDArray logits = MixedPrecision.linear(picked.get("{}:{}", from, to), headWeight);
                parts.add(logits.logSoftmax(-1)
                        .gather(targets.get("{}:{}", from, to).expandDims(1), 1)
                        .squeeze(1));
            }
            tokenValues = parts.size() == 1 ? parts.singletonOrThrow() : NDArrays.concat(parts);
        }
        // Back into the ordinary layout; cells without a label stay 0, as the masked plain path.
        NDArray zeros = tokenValues.getManager().zeros(new Shape(cellCount), DataType.FLOAT32, hidden.getDevice());
        NDArray tokens = zeros.scatter(cells, tokenValues, 0).reshape(selection.rows(), selection.columns());
        NDArray mask = maskOf(selection, manager, hidden);
        NDArray sum = tokens.sum(new int[] {1});
        NDArray count = mask.sum(new int[] {1});
        return new SequenceLogProbs(tokens, mask, sum, count, sum.div(count));
    }

    private static NDArray maskOf(TokenSelection selection, NDManager manager, NDArray like) {
        float[] mask = new float[selection.rows() * selection.columns()];
        for (long cell : selection.cells()) {
            mask[(int) cell] = 1f;
        }
        return onDevice(manager.create(mask, new Shape(selection.rows(), selection.columns())), like);
    }

    private static NDArray onDevice(NDArray array, NDArray like) {
        return array.toDevice(like.getDevice(), false);
    }
}
