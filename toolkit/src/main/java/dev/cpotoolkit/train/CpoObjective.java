package dev.cpotoolkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.cpotoolkit.loss.LogProbPair;
import dev.cpotoolkit.loss.LossOutput;
import dev.cpotoolkit.loss.PreferenceLoss;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.LeanLogProbs;
import dev.cpotoolkit.model.SequenceLogProbs;
import dev.cpotoolkit.tokenize.PreferenceBatch;

/**
 * The CPO objective on one batch, TRL's {@code concatenated_forward} plus
 * {@code get_batch_loss_metrics}: one forward pass over the 2B rows (chosen
 * rows, then rejected rows), sequence log-probs summed or averaged as the loss
 * asks, the preference loss, and the NLL of the chosen answers pooled over their
 * tokens, weighted by {@code cpo_alpha}.
 *
 * <p>For gradient accumulation the objective is written as sums divided by the
 * sizes of the whole accumulated batch ({@link GroupSize}): summing the
 * micro-batches' objectives then gives exactly the larger batch's loss, NLL
 * token pooling included, so accumulation changes memory use, not the update.
 */
public final class CpoObjective implements TrainingObjective {

    private final PreferenceLoss loss;
    private final double beta;
    private final double cpoAlpha;
    private final int labelPadTokenId;
    private final boolean prefixSharing;

    /**
     * @param loss            the preference loss (built-in or custom)
     * @param beta            the reward temperature handed to the loss
     * @param cpoAlpha        weight of the chosen-answer NLL; 0 skips it, as TRL
     * @param labelPadTokenId the label of positions without loss
     */
    public CpoObjective(PreferenceLoss loss, double beta, double cpoAlpha, int labelPadTokenId) {
        this(loss, beta, cpoAlpha, labelPadTokenId, false);
    }

    /**
     * @param loss            the preference loss (built-in or custom)
     * @param beta            the reward temperature handed to the loss
     * @param cpoAlpha        weight of the chosen-answer NLL; 0 skips it, as TRL
     * @param labelPadTokenId the label of positions without loss
     * @param prefixSharing   pack each pair as {@code [prompt | chosen | rejected]} so the prompt is
     *                        computed once ({@link BatchLayout#packed}); same losses and gradients
     */
    public CpoObjective(PreferenceLoss loss, double beta, double cpoAlpha, int labelPadTokenId,
                        boolean prefixSharing) {
        this.loss = loss;
        this.beta = beta;
        this.cpoAlpha = cpoAlpha;
        this.labelPadTokenId = labelPadTokenId;
        this.prefixSharing = prefixSharing;
    }

    /** The objective a config describes, with its built-in loss unless {@code customLoss} is given. */
    public static CpoObjective of(CPOConfig config, PreferenceLoss customLoss) {
        PreferenceLoss chosen = customLoss != null ? customLoss : config.loss();
        return new CpoObjective(chosen, config.beta(), config.cpoAlpha(), config.labelPadTokenId(),
                config.prefixSharing());
    }

    /** The preference loss in use. */
    public PreferenceLoss loss() {
        return loss;
    }

    /**
     * The sizes of a whole accumulated batch that each micro-batch's objective is
     * divided by.
     *
     * @param examples     preference pairs in the accumulated batch
     * @param chosenTokens chosen label tokens in the accumulated batch
     */
    public record GroupSize(int examples, long chosenTokens) {}

    /** The model layout of a batch under this objective's settings. */
    public BatchLayout layout(PreferenceBatch batch) {
        return prefixSharing ? BatchLayout.packed(batch, labelPadTokenId) : BatchLayout.plain(batch, labelPadTokenId);
    }

    /** The group size of a single batch (no accumulation). */
    public GroupSize sizeOf(PreferenceBatch batch) {
        return new GroupSize(batch.batchSize(), chosenTokens(batch));
    }

    /** The group size of several micro-batches accumulated into one update. */
    public GroupSize sizeOf(java.util.List<PreferenceBatch> batches) {
        int examples = 0;
        long tokens = 0;
        for (PreferenceBatch batch : batches) {
            examples += batch.batchSize();
            tokens += chosenTokens(batch);
        }
        return new GroupSize(examples, tokens);
    }

    /**
     * Chosen label tokens after the causal shift: every label of a chosen row
     * except position 0 that is not the label pad id.
     */
    long chosenTokens(PreferenceBatch batch) {
        int[][] labels = batch.labels();
        long count = 0;
        for (int row = 0; row < batch.batchSize(); row++) {
            for (int t = 1; t < labels[row].length; t++) {
                if (labels[row][t] != labelPadTokenId) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * Runs the model on the batch and builds the objective. Every array is
     * created in {@code manager} (a per-step sub-manager) so closing it frees
     * the whole step; constants are NDArrays, never Java numbers, because the
     * objective is differentiated.
     *
     * @return the differentiable objective (scalar) and the batch's numbers
     */
    public Step compute(CausalLM model, PreferenceBatch batch, NDManager manager, GroupSize group) {
        int b = batch.batchSize();
        BatchLayout layout = layout(batch);
        // Hidden states, then the LM head only where a label token is predicted (LeanLogProbs):
        // the full (2B, T, V) logits are never formed.
        NDArray hidden = model.hiddenStates(layout.forwardInput(manager));
        NDArray head = model.lmHeadWeight();
        SequenceLogProbs logProbs = LeanLogProbs.compute(hidden, head, layout.selection(), manager);
        NDArray sequence = loss.averagesLogProbs() ? logProbs.mean() : logProbs.sum();
        NDArray chosen = sequence.get("0:{}", b);
        NDArray rejected = sequence.get("{}:", b);
        LossOutput out = loss.evaluate(new LogProbPair(chosen, rejected, beta));

        NDArray chosenNllSums = logProbs.sum().get("0:{}", b).neg();
        NDArray objective = out.losses().sum().div(constant(manager, group.examples()));
        if (cpoAlpha != 0) {
            NDArray nllWeight = constant(manager, cpoAlpha / group.chosenTokens());
            objective = objective.add(chosenNllSums.sum().mul(nllWeight));
        }

        LogitSums logits = LogitSums.of(hidden, head, layout);
        BatchOutcome outcome = new BatchOutcome(
                batch.exampleIndices(),
                doubles(out.losses()),
                doubles(chosen),
                doubles(rejected),
                doubles(out.chosenRewards()),
                doubles(out.rejectedRewards()),
                doubles(chosenNllSums),
                longs(logProbs.count().get("0:{}", b)),
                // TRL's logits/* metrics: means over B x T x V, padding included (plain layout).
                logits.chosenSum(),
                logits.rejectedSum(),
                logits.chosenCount(),
                logits.rejectedCount(),
                cpoAlpha);
        return new Step(objective, outcome, logProbs);
    }

    /**
     * One batch's result.
     *
     * @param objective the scalar to differentiate (this batch's share of the group's loss)
     * @param outcome   the batch's numbers for metrics and inspection
     * @param logProbs  the token-level log-probs (for per-token views)
     */
    public record Step(NDArray objective, BatchOutcome outcome, SequenceLogProbs logProbs) {}

    private static NDArray constant(NDManager manager, double value) {
        return manager.create((float) value);
    }

    /** The values of a (float) array as Java doubles, for the per-example outcome records. */
    static double[] doubles(NDArray array) {
        float[] values = array.toType(DataType.FLOAT32, false).toFloatArray();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static long[] longs(NDArray array) {
        float[] values = array.toType(DataType.FLOAT32, false).toFloatArray();
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.round(values[i]);
        }
        return out;
    }
}
