package dev.cpotoolkit.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cpotoolkit.data.PreferenceDataset;
import dev.cpotoolkit.model.CausalLM;
import dev.cpotoolkit.model.ModelPresets;
import dev.cpotoolkit.model.generate.GenerationConfig;
import dev.cpotoolkit.testing.Fixtures;
import dev.cpotoolkit.tokenize.PreferenceTokenizer;
import dev.cpotoolkit.train.BatchOutcome;
import dev.cpotoolkit.train.CPOConfig;
import dev.cpotoolkit.train.CPOTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three commands run in-process on tiny models. */
class CommandsTest {

    @Test
    void trainLeavesACompleteRunFolderAndPrintsASummary(@TempDir Path dir) {
        Path run = dir.resolve("run");
        Cli result = Cli.run("train", "--model", "tiny", "--dataset", Cli.SEED_CHAT.toString(),
                "--eval-dataset", Cli.SEED_CHAT.toString(), "--max-steps", "4", "--logging-steps", "2",
                "--learning-rate", "2e-3", "--output", run.toString(), "--no-progress");
        assertEquals(0, result.exitCode(), result.err());
        for (String file : List.of("metrics.csv", "cpo_config.json", "charts/reward_margins.png",
                "charts/reward_accuracies.png", "charts/loss.png", "charts/rewards.png", "final/config.json",
                "final/model.safetensors", "final/tokenizer.json", "initial-model/config.json")) {
            assertTrue(Files.isRegularFile(run.resolve(file)), file + " missing");
        }
        for (String metric : BatchOutcome.METRIC_NAMES) {
            assertTrue(result.out().contains(metric), metric + " missing from the summary:\n" + result.out());
        }
        assertTrue(result.out().contains("train @4") && result.out().contains("eval @4"), result.out());
        assertTrue(result.out().contains("Run folder: " + run.toAbsolutePath()), result.out());
        assertEquals(4, CPOConfig.load(run.resolve("cpo_config.json")).maxSteps());
        assertTrue(result.out().contains("./cpo generate --model " + run.resolve("final") + " --prompt hello"),
                result.out());
        assertTrue(result.out().contains("--config " + run.resolve("cpo_config.json") + " --output "
                + run.resolve("examples.csv")), result.out());
    }

    @Test
    void printedCommandsQuoteWhatTheShellWouldSplit() {
        assertEquals("runs/a-1/final", TrainCommand.shellWord("runs/a-1/final"));
        assertEquals("'What is your name?'", TrainCommand.shellWord("What is your name?"));
        assertEquals("'it'\\''s'", TrainCommand.shellWord("it's"));
    }

    @Test
    void aFinishedRunResumesFromItsLastCheckpointAndCanBeExtended(@TempDir Path dir) {
        String run = dir.resolve("run").toString();
        String[] common = {"train", "--dataset", Cli.SEED_CHAT.toString(), "--save-steps", "2",
                "--logging-steps", "1", "--output", run, "--no-progress", "--resume-from", "latest"};
        Cli first = Cli.run(java.util.stream.Stream.concat(java.util.Arrays.stream(common).limit(10),
                java.util.stream.Stream.of("--max-steps", "4")).toArray(String[]::new));
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(Files.isDirectory(Path.of(run, "checkpoint-4")), "a checkpoint at the last step");

        String[] extended = java.util.stream.Stream.concat(java.util.Arrays.stream(common),
                java.util.stream.Stream.of("--max-steps", "6")).toArray(String[]::new);
        Cli again = Cli.run(extended);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("Resumed from " + Path.of(run, "checkpoint-4").toAbsolutePath()
                + " at step 4 of 6."), again.out());
        assertTrue(again.out().contains("The run planned 4 steps; it now runs to 6"), again.out());
        assertTrue(again.out().contains("Finished 6/6 steps"), again.out());

        Cli shorter = Cli.run(java.util.stream.Stream.concat(java.util.Arrays.stream(common),
                java.util.stream.Stream.of("--max-steps", "3")).toArray(String[]::new));
        assertEquals(2, shorter.exitCode(), shorter.out());
        assertTrue(shorter.err().contains("past the 3 steps this trainer plans"), shorter.err());
    }

    @Test
    void evaluateWritesTokenCountsAsIntegersAndKeepsTheAnswersSpaces(@TempDir Path dir) throws Exception {
        Path modelFolder = ModelPresets.writeTinyFolder(dir.resolve("tiny"), 3);
        Path data = Files.writeString(dir.resolve("spaces.jsonl"),
                "{\"prompt\": \"Capital of France?\", \"chosen\": \" Paris.\", \"rejected\": \" Lyon. \"}\n");
        Path csv = dir.resolve("examples.csv");
        Cli result = Cli.run("evaluate", "--model", modelFolder.toString(), "--dataset", data.toString(),
                "--output", csv.toString());
        assertEquals(0, result.exitCode(), result.err());
        String[] row = Files.readAllLines(csv).get(1).split(",");
        assertTrue(row[8].matches("\\d+"), "chosen_tokens as an integer: " + row[8]);
        String text = Files.readString(csv);
        assertTrue(text.contains(" Paris.") && text.contains(" Lyon. "), "answers as training saw them: " + text);
    }

    /**
     * evaluate on a model saved by training reproduces the trainer's own
     * per-example numbers and metrics, with either batching; TRL's batching
     * also reproduces eval_logits/*.
     */
    @Test
    void evaluateReproducesTheTrainer(@TempDir Path dir) {
        Path modelFolder = ModelPresets.writeTinyFolder(dir.resolve("tiny"), 3);
        PreferenceDataset pairs = PreferenceDataset.load(Cli.SEED_CHAT);
        Path run = dir.resolve("run");
        CPOConfig config = CPOConfig.builder().learningRate(2e-3).maxSteps(3).perDeviceTrainBatchSize(4)
                .perDeviceEvalBatchSize(3).beta(0.2).saveSteps(0).outputDir(run.toString()).build();
        Table expected;
        Map<String, Double> expectedMetrics;
        try (CausalLM model = CausalLM.load(modelFolder); PreferenceTokenizer tokenizer = PreferenceTokenizer.load(modelFolder)) {
            CPOTrainer trainer = CPOTrainer.builder().model(model).tokenizer(tokenizer).config(config)
                    .trainDataset(pairs).build();
            trainer.train();
            expected = trainer.inspect(pairs);
            expectedMetrics = trainer.evaluate(pairs);
        }
        for (String batching : List.of("trl", "fast")) {
            Path csv = dir.resolve("out-" + batching + "/examples.csv");
            Cli result = Cli.run("evaluate", "--model", run.resolve("final").toString(), "--dataset",
                    Cli.SEED_CHAT.toString(), "--config", run.resolve("cpo_config.json").toString(),
                    "--output", csv.toString(), "--batching", batching);
            assertEquals(0, result.exitCode(), result.err());

            Table actual = Table.read().csv(CsvReadOptions.builder(csv.toFile()).build());
            assertEquals(List.of("index", "chosen_logps", "rejected_logps", "loss", "reward_chosen",
                    "reward_rejected", "margin", "nll", "chosen_tokens", "prompt", "chosen", "rejected"),
                    actual.columnNames());
            assertEquals(pairs.size(), actual.rowCount());
            for (String column : List.of("index", "chosen_logps", "rejected_logps", "loss", "reward_chosen",
                    "reward_rejected", "margin", "nll", "chosen_tokens")) {
                for (int row = 0; row < pairs.size(); row++) {
                    double want = expected.numberColumn(column).getDouble(row);
                    double got = actual.numberColumn(column).getDouble(row);
                    assertEquals(want, got, 1e-5 * Math.max(1, Math.abs(want)),
                            batching + ": " + column + " row " + row);
                }
            }
            assertEquals(pairs.get(2).prompt(), actual.stringColumn("prompt").get(2), "text survives CSV quoting");

            List<String> lines = result.outLines();
            JsonObject json = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
            for (String metric : BatchOutcome.METRIC_NAMES) {
                String key = "eval_" + metric;
                assertTrue(json.has(key), key + " missing from " + json);
                // Fast batching pads differently, and logits/* average over the padding too.
                if (batching.equals("trl") || !metric.startsWith("logits/")) {
                    assertEquals(expectedMetrics.get(key), json.get(key).getAsDouble(),
                            1e-5 * Math.max(1, Math.abs(expectedMetrics.get(key))), batching + ": " + key);
                }
            }
        }
    }

    @Test
    void generateIsDeterministicWithASeedAndMatchesTheGenerator() {
        String model = Fixtures.model("tiny-gpt2").toString();
        String[] sampled = {"generate", "--model", model, "--prompt", "Hello", "--max-new-tokens", "8",
                "--temperature", "0.9", "--top-k", "20", "--top-p", "0.95", "--seed", "7"};
        Cli first = Cli.run(sampled);
        Cli second = Cli.run(sampled);
        assertEquals(0, first.exitCode(), first.err());
        assertFalse(first.out().isEmpty());
        assertEquals(first.out(), second.out(), "same seed, same text");

        Cli greedy = Cli.run("generate", "--model", model, "--prompt", "Hello", "--max-new-tokens", "8");
        assertEquals(0, greedy.exitCode(), greedy.err());
        try (CausalLM lm = CausalLM.load(Path.of(model)); PreferenceTokenizer tokenizer = PreferenceTokenizer.load(Path.of(model))) {
            List<Integer> eos = tokenizer.eosTokenId().isPresent() ? List.of(tokenizer.eosTokenId().getAsInt()) : List.of();
            String direct = GenerateCommand.complete(lm, tokenizer, "Hello", GenerationConfig.greedy(8, eos));
            assertEquals(direct + System.lineSeparator(), greedy.out());
        }
    }
}
