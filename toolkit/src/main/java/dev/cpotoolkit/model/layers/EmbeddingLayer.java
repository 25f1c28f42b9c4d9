package dev.cpotoolkit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;

/** {@code torch.nn.Embedding}: a (num, dim) table looked up by integer ids. */
public final class EmbeddingLayer extends ModuleBlock {

    private final Parameter weight;

    /**
     * @param num rows (vocabulary or positions)
     * @param dim embedding width
     */
    public EmbeddingLayer(long num, long dim) {
        weight = parameter("weight", Parameter.Type.WEIGHT, Init.NORMAL, num, dim);
    }

    /** Rows of the table for each id; ids (any shape, INT64) -> ids.shape + (dim). */
    public NDArray forward(NDArray ids) {
        return Embedding.embedding(ids, weight.getArray(), SparseFormat.DENSE).singletonOrThrow();
    }

    /** The table, shared with a tied LM head. */
    public Parameter weight() {
        return weight;
    }
}
