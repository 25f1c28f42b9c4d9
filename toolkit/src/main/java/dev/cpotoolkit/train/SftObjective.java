package dev.cpotoolkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.cpotoolkit.loss.PreferenceLoss;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.ForwardInput;
import dev.cpotoolkit.model.SequenceLogProbs;
import dev.cpotoolkit.tokenize.PreferenceBatch;

import java.util.Arrays;
import java.util.List;

/**
 * Supervised fine-tuning: the negative log-likelihood of the chosen (reference)
 * answers, pooled over their tokens, as TRL's {@code SFTTrainer} computes it on
 * completions. Only the chosen rows are run through the model; rejected rows
 * are never read, so SFT data may repeat the reference as a placeholder.
 *
 * <p>The batch's numbers report the NLL as {@code loss} and {@code nll_loss};
 * with no rejected answer scored, rejected log-probs and all rewards are NaN.
 * Like {@link CpoObjective}, each micro-batch contributes sums divided by the
 * whole accumulated group's token count, so accumulation does not change the update.
 */
final class SftObjective implements TrainingObjective {

    private final int labelPadTokenId;

    /** @param labelPadTokenId the label of positions without loss */
    SftObjective(int labelPadTokenId) {
        this.labelPadTokenId = labelPadTokenId;
    }

    @Override
    public CpoObjective.GroupSize sizeOf(PreferenceBatch batch) {
        return sizeOf(List.of(batch));
    }

    @Override
    public CpoObjective.GroupSize sizeOf(List<PreferenceBatch> batches) {
        int examples = 0;
        long tokens = 0;
        for (PreferenceBatch batch : batches) {
            examples += batch.batchSize();
            int[][] labels = batch.labels();
            for (int row = 0; row < batch.batchSize(); row++) {
                // After the causal shift position 0 predicts nothing.
                for (int t = 1; t < labels[row].length; t++) {
                    tokens += labels[row][t] != labelPadTokenId ? 1 : 0;
                }
            }
        }
        return new CpoObjective.GroupSize(examples, tokens);
    }

    @Override
    public CpoObjective.Step compute(CausalLM model, PreferenceBatch batch, NDManager manager,
                                     CpoObjective.GroupSize group) {
        int b = batch.batchSize();
        NDArray inputIds = batch.inputIds(manager).get("0:{}", b);
        NDArray attentionMask = batch.attentionMask(manager).get("0:{}", b);
        NDArray labels = batch.labels(manager).get("0:{}", b);
        NDArray logits = model.forward(ForwardInput.of(inputIds, attentionMask));
        SequenceLogProbs logProbs = SequenceLogProbs.compute(logits, labels, labelPadTokenId);
        NDArray nllSums = logProbs.sum().neg();
        // A constant NDArray, never a Java number: the objective is differentiated (djl-notes, danger 1).
        NDArray objective = nllSums.sum().mul(manager.create((float) (1.0 / group.chosenTokens())));

        double[] nan = new double[b];
        Arrays.fill(nan, Double.NaN);
        BatchOutcome outcome = new BatchOutcome(
                batch.exampleIndices(),
                new double[b],
                CpoObjective.doubles(logProbs.sum()),
                nan,
                nan.clone(),
                nan.clone(),
                CpoObjective.doubles(nllSums),
                Arrays.stream(CpoObjective.doubles(logProbs.count())).mapToLong(Math::round).toArray(),
                (double) logits.mean().getFloat() * logits.size(),
                0.0,
                logits.size(),
                0,
                1.0);
        return new CpoObjective.Step(objective, outcome, logProbs);
    }

    /** None: SFT has no preference term. */
    @Override
    public PreferenceLoss loss() {
        return null;
    }
}
