package dev.cpotoolkit.train;

import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.ModelPresets;
import dev.cpotoolkit.tokenize.PreferenceTokenizer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Length-sorted scoring (what {@code cpo evaluate} uses by default) gives every
 * per-example number and every metric but {@code logits/*} of TRL's
 * dataset-order batches, with rows back in dataset order.
 */
class ScoringBatchOrderTest {

    private static final List<String> PER_EXAMPLE = List.of("chosen_logps", "rejected_logps", "reward_chosen",
            "reward_rejected", "margin", "loss", "nll", "chosen_tokens");

    @ParameterizedTest(name = "prefix sharing {0}")
    @ValueSource(booleans = {false, true})
    void lengthSortedBatchesScoreEachPairAsDatasetOrderDoes(boolean prefixSharing, @TempDir Path dir) {
        Path folder = ModelPresets.writeTinyFolder(dir.resolve("tiny"), 11);
        // 200 translation pairs whose lengths vary, in batches of 8: the two orders batch them differently.
        PreferenceDataset pairs = PreferenceDataset.load(Path.of("..", "datasets", "toy-mt", "dev.jsonl"));
        CPOConfig config = CPOConfig.builder().perDeviceEvalBatchSize(8).prefixSharing(prefixSharing).build();
        try (CausalLM model = CausalLM.load(folder); PreferenceTokenizer tokenizer = PreferenceTokenizer.load(folder)) {
            PreferenceScorer scorer = PreferenceScorer.of(model, tokenizer, config);
            PreferenceScorer.Scores inOrder = scorer.withBatchOrder(PreferenceScorer.BatchOrder.DATASET).score(pairs);
            PreferenceScorer.Scores sorted = scorer.withBatchOrder(PreferenceScorer.BatchOrder.LENGTH).score(pairs);

            Table want = inOrder.examples();
            Table got = sorted.examples();
            assertEquals(pairs.size(), got.rowCount());
            for (int row = 0; row < pairs.size(); row++) {
                assertEquals(row, got.numberColumn("index").getDouble(row), "rows in dataset order");
                assertEquals(want.stringColumn("prompt").get(row), got.stringColumn("prompt").get(row));
                for (String column : PER_EXAMPLE) {
                    double expected = want.numberColumn(column).getDouble(row);
                    assertEquals(expected, got.numberColumn(column).getDouble(row),
                            1e-5 * Math.max(1, Math.abs(expected)), column + " row " + row);
                }
            }
            Map<String, Double> metrics = sorted.metrics();
            for (Map.Entry<String, Double> metric : inOrder.metrics().entrySet()) {
                if (!metric.getKey().startsWith("eval_logits/")) {
                    assertEquals(metric.getValue(), metrics.get(metric.getKey()),
                            1e-6 * Math.max(1, Math.abs(metric.getValue())), metric.getKey());
                }
            }
            // The sorted batches really are other batches: their padding, and so logits/*, differ.
            assertNotEquals(inOrder.metrics().get("eval_logits/chosen"), metrics.get("eval_logits/chosen"));
        }
    }
}
