package dev.cpotoolkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
 * <p>Gradient accumulation follows {@link TrainingObjective}'s contract: sums
 * divided by the whole group's sizes, NLL token pooling included.
 */
public final class CpoObjective implements TrainingObjective {

    private final PreferenceLoss loss;
    private final double cpoAlpha;
    private final int labelPadTokenId;
    private final boolean prefixSharing;

    /**
     * @param loss            the preference loss (built-in or custom), with its own hyperparameters
     * @param cpoAlpha        weight of the chosen-answer NLL; 0 skips it, as TRL
     * @param labelPadTokenId the label of positions without loss
     */
    public CpoObjective(PreferenceLoss loss, double cpoAlpha, int labelPadTokenId) {
        this(loss, cpoAlpha, labelPadTokenId, false);
    }

    /**
     * @param loss            the preference loss (built-in or custom), with its own hyperparameters
     * @param cpoAlpha        weight of the chosen-answer NLL; 0 skips it, as TRL
     * @param labelPadTokenId the label of positions without loss
     * @param prefixSharing   pack each pair as {@code [prompt | chosen | rejected]} so the prompt is
     *                        computed once ({@link BatchLayout#packed}); same losses and gradients
     */
    public CpoObjective(PreferenceLoss loss, double cpoAlpha, int labelPadTokenId, boolean prefixSharing) {
        this.loss = loss;
        this.cpoAlpha = cpoAlpha;
        this.labelPadTokenId = labelPadTokenId;
        this.prefixSharing = prefixSharing;
    }

    /**
     * The objective a config describes, with its built-in loss unless
     * {@code customLoss} is given (a custom loss brings its own beta and other
     * hyperparameters; the config's loss settings do not apply to it).
     */
    public static CpoObjective of(CPOConfig config, PreferenceLoss customLoss) {
        PreferenceLoss chosen = customLoss != null ? customLoss : config.loss();
        return new CpoObjective(chosen, config.cpoAlpha(), config.labelPadTokenId(), config.prefixSharing());
    }

    /** The preference loss in use. */
    @Override
    public PreferenceLoss loss() {
        return loss;
    }

    /** The model layout of a batch under this objective's settings. */
    public BatchLayout layout(PreferenceBatch batch) {
        return prefixSharing ? BatchLayout.packed(batch, labelPadTokenId) : BatchLayout.plain(batch, labelPadTokenId);
    }

    @Override
    public int labelPadTokenId() {
        return labelPadTokenId;
    }

    /**
     * Runs the model on the batch and builds the objective. Every array is
     * created in {@code manager} (a per-step sub-manager) so closing it frees
     * the whole step; constants are NDArrays, never Java numbers, because the
     * objective is differentiated.
     *
     * @return the differentiable objective (scalar) and the batch's numbers
     */
    @Override
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
        LossOutput out = loss.evaluate(new LogProbPair(chosen, rejected));

        NDArray chosenNllSums = logProbs.sum().get("0:{}", b).neg();
        NDArray objective = out.losses().sum().div(constant(manager, group.examples()));
        if (cpoAlpha != 0) {
            NDArray nllWeight = constant(manager, cpoAlpha / group.chosenTokens());
            objective = objective.add(chosenNllSums.sum().mul(nllWeight));
        }

        LogitSums logits = LogitSums.of(hidden, head, layout);
        // TRL's logits/* metrics: means over B x T x V, padding included (plain layout).
        BatchOutcome outcome = BatchOutcome.preference(batch.exampleIndices(), out, chosen, rejected,
                logProbs.sum().get("0:{}", b), logProbs.count().get("0:{}", b), logits, cpoAlpha);
        return new Step(objective, outcome, logProbs);
    }

    private static NDArray constant(NDManager manager, double value) {
        return manager.create((float) value);
    }
}
