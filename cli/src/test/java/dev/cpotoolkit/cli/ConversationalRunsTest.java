package dev.cpotoolkit.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cpotoolkit.data.chat.ChatMessage;
import dev.cpotoolkit.data.chat.CorpusFiles;
import dev.cpotoolkit.model.ModelPresets;
import dev.cpotoolkit.testing.Fixtures;
import dev.cpotoolkit.tokenize.HfTokenizerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    @Test
    void generateWithChatRendersTheModelsChatTemplate(@TempDir Path dir) throws IOException {
        // The GPT-2 fixture's tokenizer has no chat template.
        Cli noTemplate = Cli.run("generate", "--model", Fixtures.model("tiny-gpt2").toString(), "--prompt",
                "Sky colour?", "--chat");
        assertEquals(2, noTemplate.exitCode(), noTemplate.err());
        assertTrue(noTemplate.err().contains("--chat") && noTemplate.err().contains("has no chat_template"),
                noTemplate.err());

        Path model = ModelPresets.writeTinyFolder(dir.resolve("model"), 5);
        Files.copy(CorpusFiles.path("templates/llama-3.2-style.jinja"), model.resolve("chat_template.jinja"));
        String rendered = HfTokenizerConfig.readFromDirectory(model).chatTemplate()
                .render(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Sky colour?")), true);
        Cli chat = Cli.run("generate", "--model", model.toString(), "--prompt", "Sky colour?", "--system",
                "Be brief.", "--chat", "--max-new-tokens", "6");
        Cli byHand = Cli.run("generate", "--model", model.toString(), "--prompt", rendered, "--max-new-tokens", "6");
        assertEquals(0, chat.exitCode(), chat.err());
        assertEquals(byHand.out(), chat.out(), "--chat generates from the rendered prompt");
        assertTrue(rendered.length() > "Sky colour?".length() && rendered.contains("Sky colour?"), rendered);

        Cli bad = Cli.run("generate", "--model", model.toString(), "--prompt", "x", "--max-new-tokens", "-1");
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("--max-new-tokens must be >= 0"), bad.err());
    }
}
