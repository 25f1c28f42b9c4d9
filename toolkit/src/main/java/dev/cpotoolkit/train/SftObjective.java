package dev.cpotoolkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.cpotoolkit.loss.PreferenceLoss;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.ForwardInput;
import dev.cpotoolkit.model.SequenceLogProbs;
import dev.cpotoolkit.tokenize.PreferenceBatch;


/**
 * Supervised fine-tuning: the negative log-likelihood of the chosen (reference)
 * answers, pooled over their tokens, as TRL's {@code SFTTrainer} computes it on
 * completions. Only the chosen rows are run through the model; rejected rows
 * are never read, so SFT data may repeat the reference as a placeholder.
 *
 * <p>The batch's numbers ({@link BatchOutcome#sft}) report the NLL as
 * {@code loss} and {@code nll_loss}. Each micro-batch contributes sums divided
 * by the whole accumulated group's token count ({@link TrainingObjective}), so
 * accumulation does not change the update.
 *
 * @param labelPadTokenId the label of positions without loss
 */
record SftObjective(int labelPadTokenId) implements TrainingObjective {

    @Override
    public Step compute(CausalLM model, PreferenceBatch batch, NDManager manager, GroupSize group) {
        int b = batch.batchSize();
        NDArray inputIds = batch.inputIds(manager).get("0:{}", b);
        NDArray attentionMask = batch.attentionMask(manager).get("0:{}", b);
        NDArray labels = batch.labels(manager).get("0:{}", b);
        NDArray logits = model.forward(ForwardInput.of(inputIds, attentionMask));
        SequenceLogProbs logProbs = SequenceLogProbs.compute(logits, labels, labelPadTokenId);
        NDArray nllSums = logProbs.sum().neg();
        // A constant NDArray, never a Java number: the objective is differentiated (djl-notes, danger 1).
        NDArray objective = nllSums.sum().mul(manager.create((float) (1.0 / group.chosenTokens())));

        BatchOutcome outcome = BatchOutcome.sft(batch.exampleIndices(), logProbs,
                (double) logits.mean().getFloat() * logits.size(), logits.size());
        return new Step(objective, outcome, logProbs);
    }

    /** None: SFT has no preference term. */
    @Override
    public PreferenceLoss loss() {
        return null;
    }
}
