package dev.cpotoolkit.train;

import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.data.PreferenceExample;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The per-example view of a dataset under a model: one row per preference pair
 * with its text, the log-probs the loss compares, rewards, margin, loss and the
 * chosen answer's token-mean NLL. The same columns {@code ./cpo evaluate}
 * writes.
 */
public final class ExampleTable {

    private ExampleTable() {}

    /** Builds the table from a dataset and its outcome (in dataset order). */
    public static Table of(PreferenceDataset dataset, BatchOutcome outcome) {
        int n = outcome.size();
        IntColumn index = IntColumn.create("index");
        StringColumn prompt = StringColumn.create("prompt");
        StringColumn chosen = StringColumn.create("chosen");
        StringColumn rejected = StringColumn.create("rejected");
        double[] margins = outcome.margins();
        double[] nll = new double[n];
        int[] chosenTokens = new int[n];
        for (int i = 0; i < n; i++) {
            int at = outcome.exampleIndices()[i];
            PreferenceExample example = dataset.get(at);
            index.append(at);
            prompt.append(example.prompt());
            chosen.append(example.chosen());
            rejected.append(example.rejected());
            nll[i] = outcome.chosenNllSums()[i] / outcome.chosenTokens()[i];
            chosenTokens[i] = Math.toIntExact(outcome.chosenTokens()[i]);
        }
        return Table.create("examples",
                index, prompt, chosen, rejected,
                DoubleColumn.create("chosen_logps", outcome.chosenLogps()),
                DoubleColumn.create("rejected_logps", outcome.rejectedLogps()),
                DoubleColumn.create("reward_chosen", outcome.chosenRewards()),
                DoubleColumn.create("reward_rejected", outcome.rejectedRewards()),
                DoubleColumn.create("margin", margins),
                DoubleColumn.create("loss", outcome.losses()),
                DoubleColumn.create("nll", nll),
                IntColumn.create("chosen_tokens", chosenTokens));
    }
}
