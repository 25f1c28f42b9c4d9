package dev.cpotoolkit.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;

/** {@code torch.nn.Embedding}: a (num, dim) table looked up by integer ids. */
public final class EmbeddingLayer extends ModuleBlock {

    private final Parameter weight;
    private boolean sparseGradient;

    /**
     * @param num rows (vocabulary or positions)
     * @param dim embedding width
     */
    public EmbeddingLayer(long num, long dim) {
        weight = parameter("weight", Parameter.Type.WEIGHT, Init.NORMAL, num, dim);
    }

    /** Rows of the table for each id; ids (any shape, INT64) -> ids.shape + (dim). */
    public NDArray forward(NDArray ids) {
        return Embedding.embedding(ids, weight.getArray(), sparseGradient ? SparseFormat.COO : SparseFormat.DENSE)
                .singletonOrThrow();
    }

    /**
     * Makes the lookup's backward produce a sparse gradient (only the looked-up
     * rows) instead of a dense (num, dim) table of zeros with those rows added.
     * For a table tied to the LM head only: the head's dense gradient of the
     * same weight arrives first in backward and the sparse rows are added into
     * it, so the stored gradient stays dense. On GPT-2 (50257 x 768) this saves
     * a 154 MB fill and a 154 MB sum per backward.
     */
    public void useSparseGradient() {
        sparseGradient = true;
    }

    /** The table, shared with a tied LM head. */
    public Parameter weight() {
        return weight;
    }
}
