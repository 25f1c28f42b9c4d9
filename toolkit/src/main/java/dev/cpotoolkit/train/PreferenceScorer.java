package dev.cpotoolkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.data.PreferenceExample;
import dev.cpotoolkit.loss.PreferenceLoss;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.ForwardInput;
import dev.cpotoolkit.model.GradMode;
import dev.cpotoolkit.model.SequenceLogProbs;
import dev.cpotoolkit.tokenize.LabelTokens;
import dev.cpotoolkit.tokenize.PreferenceBatch;
import dev.cpotoolkit.tokenize.PreferenceTokenizer;
import dev.cpotoolkit.tokenize.RowTokenizer;
import dev.cpotoolkit.tokenize.TokenizedPair;
import dev.cpotoolkit.train.sampling.EpochSampler;
import tech.tablesaw.api.Table;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Scores preference pairs under a model without training it: the objective's
 * per-example outcomes, the per-example table ({@code trainer.inspect},
 * {@code ./cpo evaluate}'s CSV) and TRL's {@code eval_} metrics, in evaluation
 * mode and without gradients, tokenized exactly as training tokenizes.
 *
 * <pre>{@code
 * PreferenceScorer scorer = PreferenceScorer.of(model, tokenizer, config);
 * PreferenceScorer.Scores scores = scorer.score(testPairs);
 * scores.metrics().get("eval_rewards/accuracies");
 * }</pre>
 *
 * <p>The model's mode is restored afterwards, so a trainer can score between
 * its steps. Not thread-safe with training on the same model: {@link CPOTrainer}
 * serialises its calls.
 */
public final class PreferenceScorer {

    private final CausalLM model;
    private final PreferenceTokenizer tokenizer;
    private final CPOConfig config;
    private final TrainingObjective objective;
    private final Progress progress;
    private final BatchOrder batchOrder;

    /**
     * How a scoring pass cuts the dataset into batches. Per-example numbers, and
     * every metric but {@code logits/*}, are the same either way: results are
     * put back in dataset order and the metrics are means over examples.
     */
    public enum BatchOrder {
        /**
         * Consecutive examples, as TRL's evaluation loader batches them. The
         * {@code logits/*} metrics (means over every logit, padding included)
         * then match TRL's. The trainer's evaluation uses this order.
         */
        DATASET,
        /**
         * Examples of similar length together, longest first, so batches carry
         * little padding: about a fifth fewer positions on the bundled
         * translation pairs, and the longest batch (the memory peak) comes
         * first. {@code logits/*} then average over this order's padding.
         */
        LENGTH
    }

    /**
     * Told how far a scoring pass has come, after each batch.
     */
    @FunctionalInterface
    public interface Progress {
        /** @param scored pairs scored so far @param total pairs in the pass */
        void scored(int scored, int total);

        /**
         * Told once the pairs are tokenized, before the first batch (tokenizing
         * a large dataset takes a while of its own).
         *
         * @param pairs pairs tokenized
         * @param took  how long tokenizing took
         */
        default void tokenized(int pairs, Duration took) {
        }
    }

    /**
     * @param model     the model to score with (its weights are not changed)
     * @param tokenizer the tokenizer matching the model
     * @param config    tokenization, eval batch size and seed
     * @param objective the objective whose outcomes are reported
     */
    public PreferenceScorer(CausalLM model, PreferenceTokenizer tokenizer, CPOConfig config,
                            TrainingObjective objective) {
        this(model, tokenizer, config, objective, (scored, total) -> { }, BatchOrder.DATASET);
    }

    private PreferenceScorer(CausalLM model, PreferenceTokenizer tokenizer, CPOConfig config,
                             TrainingObjective objective, Progress progress, BatchOrder batchOrder) {
        this.model = Objects.requireNonNull(model, "model");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.config = Objects.requireNonNull(config, "config");
        this.objective = Objects.requireNonNull(objective, "objective");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.batchOrder = Objects.requireNonNull(batchOrder, "batchOrder");
    }

    /** The same scorer, reporting each batch to {@code progress} (for long evaluations). */
    public PreferenceScorer withProgress(Progress progress) {
        return new PreferenceScorer(model, tokenizer, config, objective, progress, batchOrder);
    }

    /**
     * The same scorer, batching in {@code order} ({@link BatchOrder#DATASET}
     * unless changed). {@link BatchOrder#LENGTH} is the fast choice for
     * scoring a large dataset whose lengths vary.
     */
    public PreferenceScorer withBatchOrder(BatchOrder order) {
        return new PreferenceScorer(model, tokenizer, config, objective, progress, order);
    }

    /** A scorer with the config's CPO objective and built-in loss. */
    public static PreferenceScorer of(CausalLM model, PreferenceTokenizer tokenizer, CPOConfig config) {
        return of(model, tokenizer, config, null);
    }

    /** A scorer with the config's CPO objective and {@code customLoss} (null for the config's loss). */
    public static PreferenceScorer of(CausalLM model, PreferenceTokenizer tokenizer, CPOConfig config,
                                      PreferenceLoss customLoss) {
        return new PreferenceScorer(model, tokenizer, config, TrainingObjective.of(config, customLoss, false));
    }

    /**
     * A dataset scored under the current weights.
     *
     * @param examples one row per example (see {@link #inspect})
     * @param metrics  TRL's metrics over the whole dataset, prefixed {@code eval_}
     */
    public record Scores(Table examples, Map<String, Double> metrics) {}

    /** The per-example table and the {@code eval_} metrics of {@code dataset} from one pass of the model. */
    public Scores score(PreferenceDataset dataset) {
        BatchOutcome outcome = outcomes(tokenized(dataset));
        return new Scores(ExampleTable.of(dataset, outcome), outcome.metrics("eval_"));
    }

    /** TRL's metrics over {@code dataset}, prefixed {@code eval_}; computed over the whole set at once. */
    public Map<String, Double> metrics(PreferenceDataset dataset) {
        return metrics(tokenized(dataset));
    }

    /**
     * One row per example of {@code dataset}: index, prompt, chosen, rejected,
     * the log-probs the loss uses, rewards, margin, loss, the chosen answer's
     * token-mean NLL and its token count.
     */
    public Table inspect(PreferenceDataset dataset) {
        return ExampleTable.of(dataset, outcomes(tokenized(dataset)));
    }

    /** The metrics of an already tokenized dataset (the trainer's eval set). */
    Map<String, Double> metrics(TokenizedDataset data) {
        return outcomes(data).metrics("eval_");
    }

    /** The outcome of the whole dataset, in dataset order. */
    BatchOutcome outcomes(TokenizedDataset data) {
        List<int[]> batches = batches(data);
        List<BatchOutcome> parts = new ArrayList<>();
        try (CausalLM.ModeScope eval = model.evalMode(); GradMode.Scope noGrad = GradMode.set(false)) {
            int scored = 0;
            for (int[] indices : batches) {
                PreferenceBatch batch = data.batch(indices);
                try (NDManager step = model.manager().newSubManager()) {
                    parts.add(objective.compute(model, batch, step, objective.sizeOf(batch)).outcome());
                }
                scored += batch.batchSize();
                progress.scored(scored, data.size());
            }
        }
        BatchOutcome whole = BatchOutcome.concat(parts);
        return batchOrder == BatchOrder.DATASET ? whole : whole.inDatasetOrder();
    }

    /** The evaluation batches, each a list of dataset indices. */
    private List<int[]> batches(TokenizedDataset data) {
        int batchSize = config.perDeviceEvalBatchSize();
        List<int[]> batches = new ArrayList<>();
        if (batchOrder == BatchOrder.DATASET) {
            EpochSampler order = new EpochSampler(data.size(), batchSize, false, config.seed());
            for (int b = 0; b < order.batchesPerEpoch(); b++) {
                batches.add(order.batch(0, b));
            }
            return batches;
        }
        int[] lengths = data.lengths();
        // Longest first, ties in dataset order: deterministic, and a batch too large for memory fails at once.
        int[] byLength = IntStream.range(0, lengths.length).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> -lengths[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        for (int from = 0; from < byLength.length; from += batchSize) {
            batches.add(Arrays.copyOfRange(byLength, from, Math.min(from + batchSize, byLength.length)));
        }
        return batches;
    }

    /**
     * One answer's counted tokens and their log-probs.
     *
     * @param tokenIds the label token at each counted position (see {@link LabelTokens})
     * @param logProbs the log-probability of each of those tokens given everything before it
     */
    public record AnswerTokens(int[] tokenIds, double[] logProbs) {}

    /**
     * The per-token log-probs of one example's two answers, tokenized as
     * training tokenizes them; their sums are the sequence log-probs the loss
     * compares (before any averaging).
     *
     * @return the chosen answer's tokens, then the rejected answer's
     */
    public List<AnswerTokens> tokenLogProbs(PreferenceExample example) {
        TokenizedPair pair = new RowTokenizer(tokenizer, config.tokenizationSettings()).tokenize(example, 0);
        try (CausalLM.ModeScope eval = model.evalMode(); NDManager manager = model.manager().newSubManager()) {
            return List.of(answerTokens(manager, pair.chosenInputIds(), pair.chosenLabels()),
                    answerTokens(manager, pair.rejectedInputIds(), pair.rejectedLabels()));
        }
    }

    private AnswerTokens answerTokens(NDManager manager, int[] ids, int[] labels) {
        NDArray input = manager.create(new int[][] {ids});
        NDArray logits = model.forwardNoGrad(ForwardInput.of(input, input.onesLike()));
        float[] perToken = SequenceLogProbs.compute(logits, manager.create(new int[][] {labels}),
                config.labelPadTokenId()).tokenLogProbs().toFloatArray();
        int[] positions = LabelTokens.positions(labels, config.labelPadTokenId());
        int[] tokenIds = new int[positions.length];
        double[] logProbs = new double[positions.length];
        for (int i = 0; i < positions.length; i++) {
            // Position t's label is predicted at t - 1 (the causal shift), as in the loss.
            tokenIds[i] = labels[positions[i]];
            logProbs[i] = perToken[positions[i] - 1];
        }
        return new AnswerTokens(tokenIds, logProbs);
    }

    private TokenizedDataset tokenized(PreferenceDataset dataset) {
        long start = System.nanoTime();
        TokenizedDataset tokenized = TokenizedDataset.of(dataset, tokenizer, config);
        progress.tokenized(tokenized.size(), Duration.ofNanos(System.nanoTime() - start));
        return tokenized;
    }
}
