package dev.cpotoolkit.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cpotoolkit.data.chat.CorpusFiles;
import dev.cpotoolkit.model.ModelPresets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A conversational dataset trains and evaluates from the command line with a model whose chat
 * template is in the style of Llama 3.2 (whitespace control everywhere, {@code strftime_now}) or of a
 * DeepSeek-R1 distill (a {@code <think>} generation prompt the finished turn lacks), the two shapes
 * that broke before: the tiny preset with the template saved as {@code chat_template.jinja}, which
 * wins over the config's own template as in transformers.
 */
class ConversationalRunsTest {

    private static final String ROWS = String.join("\n",
            "{\"prompt\": [{\"role\": \"system\", \"content\": \"Be brief.\"}, {\"role\": \"user\", \"content\": \"Sky colour?\"}],"
                    + " \"chosen\": [{\"role\": \"assistant\", \"content\": \"Blue.\"}],"
                    + " \"rejected\": [{\"role\": \"assistant\", \"content\": \"Green.\"}]}",
            "{\"chosen\": [{\"role\": \"user\", \"content\": \"2 + 2?\"}, {\"role\": \"assistant\", \"content\": \"4\"}],"
                    + " \"rejected\": [{\"role\": \"user\", \"content\": \"2 + 2?\"}, {\"role\": \"assistant\", \"content\": \"5\"}]}",
            "{\"prompt\": [{\"role\": \"user\", \"content\": \"Is 7 prime?\"}],"
                    + " \"chosen\": [{\"role\": \"assistant\", \"content\": \"<think>\\nOnly 1 and 7.\\n</think>\\n\\nYes.\"}],"
                    + " \"rejected\": [{\"role\": \"assistant\", \"content\": \"No.\"}]}") + "\n";

    @ParameterizedTest
    @ValueSource(strings = {"llama-3.2-style", "deepseek-r1-distill-style"})
    void trainsAndEvaluatesAConversationalDataset(String template, @TempDir Path dir) throws IOException {
        Path model = ModelPresets.writeTinyFolder(dir.resolve("model"), 5);
        Files.copy(CorpusFiles.path("templates/" + template + ".jinja"), model.resolve("chat_template.jinja"));
        Path data = dir.resolve("conversations.jsonl");
        Files.writeString(data, ROWS, StandardCharsets.UTF_8);

        Cli train = Cli.run("train", "--model", model.toString(), "--dataset", data.toString(),
                "--max-steps", "3", "--per-device-train-batch-size", "3", "--learning-rate", "1e-3",
                "--max-length", "256", "--max-prompt-length", "192", "--save-steps", "0", "--no-progress",
                "--output", dir.resolve("run").toString());
        assertEquals(0, train.exitCode(), train.err() + train.out());
        assertTrue(Files.isRegularFile(dir.resolve("run/final/chat_template.jinja")),
                "the template travels with the trained model");

        Path examples = dir.resolve("examples.csv");
        Cli evaluate = Cli.run("evaluate", "--model", dir.resolve("run/final").toString(), "--dataset", data.toString(),
                "--max-length", "256", "--max-prompt-length", "192", "--output", examples.toString());
        assertEquals(0, evaluate.exitCode(), evaluate.err() + evaluate.out());
        List<String> lines = evaluate.outLines();
        JsonObject metrics = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
        assertTrue(Double.isFinite(metrics.get("eval_loss").getAsDouble()), metrics.toString());
        String csv = Files.readString(examples, StandardCharsets.UTF_8);
        if (template.startsWith("llama")) {
            assertTrue(csv.contains("<|start_header_id|>system<|end_header_id|>"), csv);
            assertTrue(!csv.contains("\n<|start_header_id|>"), "no stray newlines before headers: " + csv);
        } else {
            // The generation prompt's <think> is not part of the prompt: answers start after <｜Assistant｜>.
            assertTrue(csv.contains("<｜Assistant｜>"), csv);
            assertTrue(!csv.contains("<｜Assistant｜><think>"), csv);
        }
    }
}
