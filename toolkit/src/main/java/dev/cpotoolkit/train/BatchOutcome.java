package dev.cpotoolkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.cpotoolkit.loss.LossOutput;
import dev.cpotoolkit.model.SequenceLogProbs;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Everything one forward pass taught us about a batch, copied out of native
 * memory as Java numbers: per-example log-probs, rewards and losses, the pooled
 * NLL ingredients and the logits sums that TRL's {@code logits/*} metrics need.
 * Outcomes of several micro-batches {@linkplain #concat combine} into the
 * outcome of the larger batch, so logged metrics do not depend on gradient
 * accumulation. Made by {@link #preference} (CPO) or {@link #sft} (SFT).
 *
 * @param exampleIndices  dataset index of each example
 * @param losses          per-example preference losses
 * @param chosenLogps     per-example chosen log-probs (sum or mean, as the loss uses)
 * @param rejectedLogps   per-example rejected log-probs (sum or mean, as the loss uses)
 * @param chosenRewards   per-example chosen rewards
 * @param rejectedRewards per-example rejected rewards
 * @param chosenNllSums   per-example negative log-likelihood of the chosen answer's tokens, summed
 * @param chosenTokens    per-example number of chosen label tokens
 * @param logitsSumChosen sum of every logit of the chosen rows, padding included (TRL's {@code logits/chosen})
 * @param logitsSumRejected the same for the rejected rows
 * @param logitsCountChosen number of logits summed for the chosen rows (B x T x V)
 * @param logitsCountRejected number of logits summed for the rejected rows
 * @param cpoAlpha        weight of the NLL term; TRL reports {@code nll_loss} 0 when it is 0
 */
public record BatchOutcome(
        int[] exampleIndices,
        double[] losses,
        double[] chosenLogps,
        double[] rejectedLogps,
        double[] chosenRewards,
        double[] rejectedRewards,
        double[] chosenNllSums,
        long[] chosenTokens,
        double logitsSumChosen,
        double logitsSumRejected,
        long logitsCountChosen,
        long logitsCountRejected,
        double cpoAlpha) {

    /** TRL's metric names, in the order TRL logs them. */
    public static final List<String> METRIC_NAMES = List.of(
            "loss", "rewards/chosen", "rewards/rejected", "rewards/accuracies", "rewards/margins",
            "logps/chosen", "logps/rejected", "logits/chosen", "logits/rejected", "nll_loss");

    /**
     * A preference batch's outcome.
     *
     * @param exampleIndices dataset index of each example
     * @param scored         the loss's per-example losses and rewards
     * @param chosenLogps    chosen log-probs as the loss saw them {@code (B)}
     * @param rejectedLogps  rejected log-probs as the loss saw them {@code (B)}
     * @param chosenSums     each chosen answer's token log-probs summed {@code (B)} (the NLL is its negation)
     * @param chosenCounts   each chosen answer's counted tokens {@code (B)}
     * @param logits         the sums behind TRL's {@code logits/*} metrics
     * @param cpoAlpha       weight of the NLL term
     */
    static BatchOutcome preference(int[] exampleIndices, LossOutput scored, NDArray chosenLogps,
                                   NDArray rejectedLogps, NDArray chosenSums, NDArray chosenCounts,
                                   LogitSums logits, double cpoAlpha) {
        return new BatchOutcome(exampleIndices, doubles(scored.losses()), doubles(chosenLogps),
                doubles(rejectedLogps), doubles(scored.chosenRewards()), doubles(scored.rejectedRewards()),
                negated(doubles(chosenSums)), longs(chosenCounts),
                logits.chosenSum(), logits.rejectedSum(), logits.chosenCount(), logits.rejectedCount(), cpoAlpha);
    }

    /**
     * An SFT batch's outcome: the NLL of the chosen answers is the whole loss
     * ({@code loss} and {@code nll_loss}); no rejected answer is scored, so
     * rejected log-probs and all rewards are NaN, and {@code logits/rejected} too.
     *
     * @param exampleIndices dataset index of each example
     * @param chosen         the chosen rows' token-level log-probs (the batch holds chosen rows only)
     * @param logitsSum      sum of the chosen rows' logits, padding included
     * @param logitsCount    number of logits summed
     */
    static BatchOutcome sft(int[] exampleIndices, SequenceLogProbs chosen, double logitsSum, long logitsCount) {
        int b = exampleIndices.length;
        double[] nan = new double[b];
        Arrays.fill(nan, Double.NaN);
        double[] sums = doubles(chosen.sum());
        return new BatchOutcome(exampleIndices, new double[b], sums, nan, nan.clone(),
                nan.clone(), negated(sums), longs(chosen.count()),
                logitsSum, 0.0, logitsCount, 0, 1.0);
    }

    /** The values of a float array as Java doubles. */
    private static double[] doubles(NDArray array) {
        float[] values = array.toType(DataType.FLOAT32, false).toFloatArray();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static double[] negated(double[] values) {
        return Arrays.stream(values).map(v -> -v).toArray();
    }

    /** Counts held in a float array, as Java longs. */
    private static long[] longs(NDArray array) {
        return Arrays.stream(doubles(array)).mapToLong(Math::round).toArray();
    }

    /** Number of examples. */
    public int size() {
        return losses.length;
    }

    /** TRL's pooled NLL: chosen-token cross entropy averaged over all chosen tokens; 0 when cpo_alpha is 0. */
    public double nllLoss() {
        if (cpoAlpha == 0) {
            return 0.0;
        }
        return Arrays.stream(chosenNllSums).sum() / Arrays.stream(chosenTokens).sum();
    }

    /** TRL's total loss: mean preference loss plus {@code cpo_alpha} times the NLL. */
    public double totalLoss() {
        return mean(losses) + cpoAlpha * nllLoss();
    }

    /** Per-example reward margins (chosen minus rejected). */
    public double[] margins() {
        double[] margins = new double[size()];
        for (int i = 0; i < margins.length; i++) {
            margins[i] = chosenRewards[i] - rejectedRewards[i];
        }
        return margins;
    }

    /** TRL's metrics for this batch, under TRL's names, {@code prefix} before each ("" or "eval_"). */
    public Map<String, Double> metrics(String prefix) {
        double accuracy = 0;
        for (int i = 0; i < size(); i++) {
            accuracy += chosenRewards[i] > rejectedRewards[i] ? 1 : 0;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(prefix + "loss", totalLoss());
        metrics.put(prefix + "rewards/chosen", mean(chosenRewards));
        metrics.put(prefix + "rewards/rejected", mean(rejectedRewards));
        metrics.put(prefix + "rewards/accuracies", accuracy / size());
        metrics.put(prefix + "rewards/margins", mean(margins()));
        metrics.put(prefix + "logps/chosen", mean(chosenLogps));
        metrics.put(prefix + "logps/rejected", mean(rejectedLogps));
        metrics.put(prefix + "logits/chosen", logitsSumChosen / logitsCountChosen);
        metrics.put(prefix + "logits/rejected", logitsSumRejected / logitsCountRejected);
        metrics.put(prefix + "nll_loss", nllLoss());
        return metrics;
    }

    /** The outcome of the union of several batches, as if they had been one. */
    public static BatchOutcome concat(List<BatchOutcome> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        double logitsChosen = 0;
        double logitsRejected = 0;
        long countChosen = 0;
        long countRejected = 0;
        for (BatchOutcome part : parts) {
            logitsChosen += part.logitsSumChosen;
            logitsRejected += part.logitsSumRejected;
            countChosen += part.logitsCountChosen;
            countRejected += part.logitsCountRejected;
        }
        return new BatchOutcome(
                parts.stream().flatMapToInt(p -> Arrays.stream(p.exampleIndices)).toArray(),
                join(parts, BatchOutcome::losses),
                join(parts, BatchOutcome::chosenLogps),
                join(parts, BatchOutcome::rejectedLogps),
                join(parts, BatchOutcome::chosenRewards),
                join(parts, BatchOutcome::rejectedRewards),
                join(parts, BatchOutcome::chosenNllSums),
                parts.stream().flatMapToLong(p -> Arrays.stream(p.chosenTokens)).toArray(),
                logitsChosen, logitsRejected, countChosen, countRejected, parts.get(0).cpoAlpha);
    }

    /**
     * The same outcome with its examples ordered by dataset index (the order of
     * a pass that batched them otherwise); the logits sums are unchanged.
     */
    BatchOutcome inDatasetOrder() {
        int[] order = IntStream.range(0, exampleIndices.length).boxed()
                .sorted(Comparator.comparingInt(i -> exampleIndices[i]))
                .mapToInt(Integer::intValue).toArray();
        return new BatchOutcome(permute(exampleIndices, order), permute(losses, order), permute(chosenLogps, order),
                permute(rejectedLogps, order), permute(chosenRewards, order), permute(rejectedRewards, order),
                permute(chosenNllSums, order), permute(chosenTokens, order), logitsSumChosen, logitsSumRejected,
                logitsCountChosen, logitsCountRejected, cpoAlpha);
    }

    private static int[] permute(int[] values, int[] order) {
        return Arrays.stream(order).map(i -> values[i]).toArray();
    }

    private static double[] permute(double[] values, int[] order) {
        return Arrays.stream(order).mapToDouble(i -> values[i]).toArray();
    }

    private static long[] permute(long[] values, int[] order) {
        return Arrays.stream(order).mapToLong(i -> values[i]).toArray();
    }

    private static double[] join(List<BatchOutcome> parts, java.util.function.Function<BatchOutcome, double[]> field) {
        return parts.stream().flatMapToDouble(p -> Arrays.stream(field.apply(p))).toArray();
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }
}
