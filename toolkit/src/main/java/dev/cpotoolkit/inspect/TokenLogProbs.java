package dev.cpotoolkit.inspect;

import dev.cpotoolkit.data.PreferenceExample;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.tokenize.PreferenceTokenizer;
import dev.cpotoolkit.train.CPOConfig;
import dev.cpotoolkit.train.PreferenceScorer;
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
     * gradients, the model's mode restored afterwards ({@link PreferenceScorer#tokenLogProbs}).
     */
    public static TokenLogProbs of(CausalLM model, PreferenceTokenizer tokenizer, CPOConfig config,
                                   PreferenceExample example) {
        List<PreferenceScorer.AnswerTokens> answers =
                PreferenceScorer.of(model, tokenizer, config).tokenLogProbs(example);
        return new TokenLogProbs(example.prompt(), answer(tokenizer, example.chosen(), answers.get(0)),
                answer(tokenizer, example.rejected(), answers.get(1)));
    }

    private static Answer answer(PreferenceTokenizer tokenizer, String text, PreferenceScorer.AnswerTokens scored) {
        List<String> tokens = new ArrayList<>();
        for (int id : scored.tokenIds()) {
            tokens.add(readable(tokenizer.decode(new int[] {id}, false)));
        }
        return new Answer(text, tokens, scored.logProbs());
    }

    /** A token as a chart label: visible spaces and line breaks, never empty. */
    static String readable(String token) {
        String shown = token.replace(' ', '·').replace("\n", "⏎").replace("\t", "⇥");
        return shown.isEmpty() ? "∅" : shown;
    }
}
