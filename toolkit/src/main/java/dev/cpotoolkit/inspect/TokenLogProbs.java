package dev.cpotoolkit.inspect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.cpotoolkit.data.PreferenceExample;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.ForwardInput;
import dev.cpotoolkit.model.SequenceLogProbs;
import dev.cpotoolkit.tokenize.PreferenceTokenizer;
import dev.cpotoolkit.tokenize.RowTokenizer;
import dev.cpotoolkit.tokenize.TokenizedPair;
import dev.cpotoolkit.train.CPOConfig;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-token view of one preference pair under a model: each answer token
 * (the positions the loss counts, after TRL's tokenization and the causal
 * shift) with its log-probability. The sums are exactly the sequence log-probs
 * that {@code trainer.inspect} reports.
 *
 * @param prompt   the example's prompt
 * @param chosen   the chosen answer's tokens and log-probs
 * @param rejected the rejected answer's tokens and log-probs
 */
public record TokenLogProbs(String prompt, Answer chosen, Answer rejected) {

    /**
     * One answer's tokens.
     *
     * @param text     the answer text
     * @param tokens   each label token decoded on its own (spaces shown as {@code ·}, newlines as {@code ⏎})
     * @param logProbs the log-probability of each token given everything before it
     */
    public record Answer(String text, List<String> tokens, double[] logProbs) {

        /** Copies, so the record is immutable. */
        public Answer {
            tokens = List.copyOf(tokens);
            logProbs = logProbs.clone();
        }

        /** The log-probs (a copy). */
        @Override
        public double[] logProbs() {
            return logProbs.clone();
        }

        /** The sequence log-prob: the sum over tokens. */
        public double sum() {
            double total = 0;
            for (double v : logProbs) {
                total += v;
            }
            return total;
        }

        /** One row per token: position, token, log-prob, probability. */
        public Table table() {
            DoubleColumn logp = DoubleColumn.create("logp", logProbs);
            DoubleColumn prob = DoubleColumn.create("prob", logProbs.length);
            for (int i = 0; i < logProbs.length; i++) {
                prob.set(i, Math.exp(logProbs[i]));
            }
            return Table.create("tokens", IntColumn.indexColumn("position", logProbs.length, 0),
                    StringColumn.create("token", tokens), logp, prob);
        }
    }

    /**
     * Computes the view of {@code example} under {@code model}, tokenized with
     * {@code config}'s settings exactly as the trainer does; eval mode, no
     * gradients, the model's mode restored afterwards.
     */
    public static TokenLogProbs of(CausalLM model, PreferenceTokenizer tokenizer, CPOConfig config,
                                   PreferenceExample example) {
        TokenizedPair pair = new RowTokenizer(tokenizer, config.tokenizationSettings()).tokenize(example, 0);
        boolean wasTraining = model.isTraining();
        model.eval();
        try (NDManager manager = model.manager().newSubManager()) {
            Answer chosen = answer(model, tokenizer, config, manager, example.chosen(), pair.chosenInputIds(),
                    pair.chosenLabels());
            Answer rejected = answer(model, tokenizer, config, manager, example.rejected(),
                    pair.rejectedInputIds(), pair.rejectedLabels());
            return new TokenLogProbs(example.prompt(), chosen, rejected);
        } finally {
            if (wasTraining) {
                model.train();
            }
        }
    }

    private static Answer answer(CausalLM model, PreferenceTokenizer tokenizer, CPOConfig config,
                                 NDManager manager, String text, int[] ids, int[] labels) {
        NDArray input = manager.create(new int[][] {ids});
        NDArray logits = model.forwardNoGrad(ForwardInput.of(input, input.onesLike()));
        NDArray labelArray = manager.create(new int[][] {labels});
        float[] perToken = SequenceLogProbs.compute(logits, labelArray, config.labelPadTokenId())
                .tokenLogProbs().toFloatArray();
        List<String> tokens = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        // Position t's label is predicted at t - 1 (the causal shift), as in the loss.
        for (int t = 1; t < labels.length; t++) {
            if (labels[t] != config.labelPadTokenId()) {
                tokens.add(readable(tokenizer.decode(new int[] {labels[t]}, false)));
                values.add((double) perToken[t - 1]);
            }
        }
        return new Answer(text, tokens, values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** A token as a chart label: visible spaces and line breaks, never empty. */
    static String readable(String token) {
        String shown = token.replace(' ', '·').replace("\n", "⏎").replace("\t", "⇥");
        return shown.isEmpty() ? "∅" : shown;
    }
}
