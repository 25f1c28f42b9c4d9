package dev.cpotoolkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.cpotoolkit.loss.PreferenceLoss;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.SequenceLogProbs;
import dev.cpotoolkit.tokenize.LabelTokens;
import dev.cpotoolkit.tokenize.PreferenceBatch;

import java.util.List;

/**
 * What a run minimises on a batch: the CPO objective ({@link CpoObjective}) or
 * supervised fine-tuning ({@link SftObjective}). Everything else about a run
 * (optimizer, schedule, accumulation, clipping, logging, checkpoints) is
 * shared, so two runs that differ only in their objective can be compared.
 *
 * <p>The accumulation contract lives here: each micro-batch's objective is a
 * sum divided by the sizes of the whole accumulated group ({@link GroupSize}),
 * so summing the micro-batches' objectives gives exactly the larger batch's
 * loss, NLL token pooling included.
 */
public interface TrainingObjective {

    /**
     * The sizes of a whole accumulated group that each micro-batch's objective is divided by.
     *
     * @param examples     preference pairs in the group
     * @param chosenTokens chosen answer tokens the loss counts in the group ({@link LabelTokens})
     */
    record GroupSize(int examples, long chosenTokens) {}

    /**
     * One batch's result.
     *
     * @param objective the scalar to differentiate (this batch's share of the group's loss)
     * @param outcome   the batch's numbers for metrics and inspection
     * @param logProbs  the token-level log-probs (for per-token views)
     */
    record Step(NDArray objective, BatchOutcome outcome, SequenceLogProbs logProbs) {}

    /**
     * The objective a config describes: SFT, or CPO with the config's built-in
     * loss unless {@code customLoss} is given.
     */
    static TrainingObjective of(CPOConfig config, PreferenceLoss customLoss, boolean sft) {
        return sft ? new SftObjective(config.labelPadTokenId()) : CpoObjective.of(config, customLoss);
    }

    /** The label of positions without loss. */
    int labelPadTokenId();

    /** The group size of one batch (no accumulation). */
    default GroupSize sizeOf(PreferenceBatch batch) {
        return sizeOf(List.of(batch));
    }

    /** The group size of several micro-batches accumulated into one update. */
    default GroupSize sizeOf(List<PreferenceBatch> batches) {
        int examples = 0;
        long tokens = 0;
        for (PreferenceBatch batch : batches) {
            examples += batch.batchSize();
            tokens += LabelTokens.count(batch.labels(), batch.batchSize(), labelPadTokenId());
        }
        return new GroupSize(examples, tokens);
    }

    /**
     * Runs the model on the batch and builds this batch's share of the group's
     * objective. Every array is created in {@code manager} (a per-step
     * sub-manager), so closing it frees the whole step.
     */
    Step compute(CausalLM model, PreferenceBatch batch, NDManager manager, GroupSize group);

    /** The preference loss in use, or null when the objective has none (SFT). */
    PreferenceLoss loss();
}
